import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/host/process-identity.js';
import { waitUntil } from '../../src/host/wait-until.js';
import { runCli } from '../helpers/cli.js';
import { STUBBORN_NCS, useSimProject } from '../helpers/start-sim-cluster.js';

// Ports of this file's specs: a block region no other test file uses.
const BASE = 26600;
const SPEC = `project: lab
layout: { base: ${BASE}, stride: 10 }
instances:
  - name: one
  - name: two
    netconf: { tcp: false }
`;

const project = useSimProject(SPEC);

describe('nso-multi status', () => {
  it('prints a table of running instances with pid and ports, and exits 0', async () => {
    const pids = await project().start();
    const ports = (await project().state()).instances.one!.ports;
    const result = await runCli(['status'], project().dir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^INSTANCE\s+STATUS\s+PID\s+IPC\s+NETCONF-SSH\s+NETCONF-TCP\s+CLI-SSH$/);
    expect(lines[1]).toMatch(
      new RegExp(
        `^one\\s+running\\s+${pids.one}\\s+${ports.ipc}\\s+${ports.netconfSsh}\\s+${ports.netconfTcp}\\s+${ports.cliSsh}$`,
      ),
    );
    expect(lines[2]).toMatch(new RegExp(`^two\\s+running\\s+${pids.two}\\s+\\d+\\s+\\d+\\s+-\\s+\\d+$`));
  });

  it('--json prints the status document; a killed daemon is failed and status still exits 0', async () => {
    const pids = await project().start();
    process.kill(pids.two!, 'SIGKILL');
    expect(await waitUntil(async () => !(await isAlive({ pid: pids.two! })), 5000)).toBe(true);
    const result = await runCli(['status', '--json'], project().dir);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.project).toBe('lab');
    expect(doc.instances[0]).toMatchObject({
      name: 'one',
      status: 'running',
      pid: pids.one,
      listening: { ipc: true, netconfSsh: true, netconfTcp: true, cliSsh: true },
    });
    expect(doc.instances[1]).toMatchObject({
      name: 'two',
      status: 'failed',
      pid: null,
      error: `the daemon (pid ${pids.two}) is gone`,
      listening: { ipc: false, netconfSsh: false, netconfTcp: null, cliSsh: false },
    });
    const table = await runCli(['status', 'two'], project().dir);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^two\s+failed\s+-\s/m);
    expect(table.stdout).toContain(`two: the daemon (pid ${pids.two}) is gone`);
  });

  it('marks a port of a running instance that does not answer as not listening', async () => {
    // A daemon that listens on nothing: the fake ncs, which only sleeps.
    await project().start({ names: ['one'], ncs: STUBBORN_NCS });
    const ports = (await project().state()).instances.one!.ports;
    const result = await runCli(['status', 'one'], project().dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${ports.ipc} (not listening)`);
    expect(result.stdout).toContain(`${ports.cliSsh} (not listening)`);
  });

  it('rejects an unknown name with exit 2 and a suggestion', async () => {
    await project().render();
    const result = await runCli(['status', 'onee'], project().dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nso-multi: unknown instance onee');
    expect(result.stderr).toContain('did you mean one?');
  });

  it('says nothing is rendered yet, and exits 0', async () => {
    const result = await runCli(['status', '--json'], project().dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).instances).toEqual([]);
    expect(result.stderr).toContain('nothing rendered yet');
  });
});
