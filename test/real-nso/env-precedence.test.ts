// A shell full of IPC variables left from elsewhere (another instance, a ConfD, an old NSO setup) sources an
// env file: `ncs --status`, `ncs_cmd`, `ncs_load` and `ncs_cli` still reach exactly that instance, in bash, dash
// and zsh, and so does `nso-multi exec`. The premise is checked too: each stray variable, put back after the
// env file, does break the client NSO's sources say reads it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeNso, useNsoProject } from './nso.js';

const SPEC = { project: 'env-precedence', instances: [{ name: 'a' }, { name: 'b' }] };

/** ncs_cmd and ncs_cli print the marker only on a, where it was committed. */
const MARKER_PATH = '/ncs:devices/authgroups/group{only-in-a}/default-map/remote-name';
const CLIENTS = {
  status: 'ncs --status >status.out && grep "^status: started" status.out',
  cmd: `ncs_cmd -c 'get ${MARKER_PATH}'`,
  load: 'ncs_load -F p -p /devices/authgroups </dev/null',
  cli: "echo 'show running-config devices authgroups group only-in-a' | ncs_cli -u admin -C",
};

describeNso('env files win over the IPC variables a shell already holds', () => {
  const project = useNsoProject(SPEC);

  test('every client reaches the sourced instance in bash, dash and zsh, and through exec', async () => {
    const p = project();
    const up = await p.cli(['up']);
    expect(up.code, up.stderr).toBe(0);
    const commit = await p.shell(
      `. ./.env.a && printf 'config\\ndevices authgroups group only-in-a default-map remote-name marker-a remote-password y\\ncommit\\nend\\n' | ncs_cli -u admin -C`,
    );
    expect(commit.stdout + commit.stderr).toContain('Commit complete.');

    const b = JSON.parse((await p.cli(['env', 'b', '--format', 'json'])).stdout);
    const wrongSecret = join(p.dir, 'wrong-secret');
    await writeFile(wrongSecret, 'not the secret of any instance');
    // Each would send a client to b, to nowhere, or make it present another secret.
    const stray = {
      NCS_IPC_ADDR: '127.0.0.2',
      NCS_IPC_PORT: b.NCS_IPC_PORT,
      NCS_IPC_ACCESS_FILE: b.NCS_IPC_ACCESS_FILE,
      NCS_IPC_PATH: join(p.dir, 'no-such.sock'),
      NCS_IPC_EXTADDR: '127.0.0.2',
      NCS_IPC_EXTSOPATH: join(p.dir, 'no-such-driver.so'),
      CONFD_IPC_ACCESS_FILE: wrongSecret,
      CONFD_IPC_ADDR: '127.0.0.2',
      CONFD_IPC_PORT: b.NCS_IPC_PORT,
      CONFD_IPC_EXTADDR: '127.0.0.2',
      CONFD_IPC_EXTSOPATH: join(p.dir, 'no-such-driver.so'),
    };

    for (const shell of ['bash', 'dash', 'zsh']) {
      const run = (script: string) => p.shell(`. ./.env.a && ${script}`, { shell, env: stray });
      const status = await run(CLIENTS.status);
      expect(status.code, `${shell} ncs --status: ${status.stderr}`).toBe(0);
      const cmd = await run(CLIENTS.cmd);
      expect(cmd.stdout.trim(), `${shell} ncs_cmd: ${cmd.stderr}`).toBe('marker-a');
      const load = await run(CLIENTS.load);
      expect(load.stdout, `${shell} ncs_load: ${load.stderr}`).toContain('<name>only-in-a</name>');
      const cli = await run(CLIENTS.cli);
      expect(cli.stdout, `${shell} ncs_cli: ${cli.stderr}`).toContain('remote-name marker-a');
    }

    // `exec` lays the same variables over the same stray environment.
    const viaExec = await p.cli(['exec', 'a', '--', 'ncs_cmd', '-c', `get ${MARKER_PATH}`], stray);
    expect(viaExec.stdout.trim(), viaExec.stderr).toBe('marker-a');
    const statusViaExec = await p.cli(['exec', 'a', '--', 'ncs', '--status'], stray);
    expect(statusViaExec.code, statusViaExec.stderr).toBe(0);

    // The premise: put back after the env file, each of these breaks the client that reads it.
    const after = (assignment: string, script: string) =>
      p.shell(`. ./.env.a && export ${assignment} && ${script}`, { env: stray });
    const secretFirst = await after(`CONFD_IPC_ACCESS_FILE='${wrongSecret}'`, CLIENTS.cmd);
    expect(secretFirst.stderr).toContain('Access denied');
    const cliSecret = await after(`CONFD_IPC_ACCESS_FILE='${wrongSecret}'`, CLIENTS.cli);
    expect(cliSecret.stdout + cliSecret.stderr).toContain('Access check failed');
    const extControl = await after('CONFD_IPC_EXTADDR=127.0.0.2', CLIENTS.status);
    expect(extControl.code).not.toBe(0);
    expect(extControl.stdout + extControl.stderr).toContain('CONFD_IPC_EXTADDR');
    const extCli = await after('NCS_IPC_EXTADDR=127.0.0.2', CLIENTS.cli);
    expect(extCli.stderr).toContain('NCS_IPC_EXTSOPATH');
  });
});
