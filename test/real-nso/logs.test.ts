// Logs and forensics on real NSO 6.2.5: `nso-multi logs` reads the files NSO writes where the rendered ncs.conf
// puts them (ncs.log, devel.log, the audit log followed while NSO writes it), and `up --collect` writes every
// instance's logs, ncs.conf without its keys and `ncs --status` into a folder. A start that NSO gives up on (a
// corrupt CDB: exit 15, with entries in ncserr.log, NSO's binary error log) shows the entries decoded with the
// installation's `ncs --printlog`, as `logs --file error` does, and startCluster({ collect }) keeps them.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { NsoMultiError } from '../../src/errors.js';
import { waitUntil } from '../../src/host/wait-until.js';
import { startCluster } from '../../src/testing/start-cluster.js';
import { followLogs } from '../helpers/follow-logs.js';
import { describeNso, nsoEnv, useNsoProject } from './nso.js';

const SPEC = 'project: logs-real\ninstances:\n  - name: a\n  - name: b\n';

describeNso('logs of real NSO instances', () => {
  const project = useNsoProject(SPEC);

  test('ncs.log and devel.log of one instance; every instance with a prefix', async () => {
    const p = project();
    expect((await p.cli(['up'])).code).toBe(0);
    const one = await p.cli(['logs', 'a', '--lines', '300']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/^<INFO> .* ncs\[\d+\]: - NCS started vsn: 6\.2\.5$/m);
    expect(one.stdout).not.toMatch(/^a \| /m);
    const ncsLog = await readFile(join(p.dir, '.nso-multi', 'a', 'logs', 'ncs.log'), 'utf8');
    // NSO may write more after `logs` read it: its lines are one run of the file, the whole file when shorter.
    expect(ncsLog.includes(one.stdout)).toBe(true);
    if (one.stdout.split('\n').length - 1 < 300) expect(ncsLog.startsWith(one.stdout)).toBe(true);

    const devel = await p.cli(['logs', 'a', '--file', 'devel', '-n', '3']);
    expect(devel.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(devel.stdout).toMatch(/^<(DEBUG|INFO|TRACE)> /m);

    const both = await p.cli(['logs', '-n', '300']);
    const started = both.stdout.split('\n').filter((l) => l.includes('NCS started vsn: 6.2.5'));
    expect(started.map((l) => l.slice(0, 4)).sort()).toEqual(['a | ', 'b | ']);
  });

  test('--follow prints the audit log lines NSO writes while it runs, prefixed, until interrupted', async () => {
    const p = project();
    expect((await p.cli(['up'])).code).toBe(0);
    const follow = followLogs(['--file', 'audit', '--lines', '0'], p.dir, nsoEnv());
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const login = await p.shell(`. ./.env.b && echo 'show ncs-state version' | ncs_cli -C -u admin`);
      expect(login.stdout).toMatch(/6\.2\.5/);
      expect(await waitUntil(async () => /^b \| .*admin/m.test(follow.out()), 15_000, 200)).toBe(true);
      expect(follow.out()).not.toMatch(/^a \| /m);
    } finally {
      expect(await follow.stop()).toBe(0);
    }
  });

  test('up --collect writes logs, ncs.conf without its keys and ncs --status; the IPC secret stays out', async () => {
    const p = project();
    const up = await p.cli(['up', '--collect', 'diag']);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr + up.stdout).toMatch(
      /wrote the instances' logs, ncs\.conf and ncs --status \(\d+ files\)/,
    );
    for (const name of ['a', 'b']) {
      const dir = join(p.dir, 'diag', name);
      const files = await readdir(dir);
      expect(files).toEqual(expect.arrayContaining(['ncs.log', 'devel.log', 'ncs.conf', 'ncs-status.txt']));
      expect(files).not.toContain('ipc_access');
      expect(await readFile(join(dir, 'ncs-status.txt'), 'utf8')).toMatch(
        /^vsn: 6\.2\.5$[\s\S]*status: started/m,
      );
      const conf = await readFile(join(dir, 'ncs.conf'), 'utf8');
      const rendered = await readFile(join(p.dir, '.nso-multi', name, 'ncs.conf'), 'utf8');
      const keys = [...rendered.matchAll(/<(key\d|initVector)>([^<]+)</g)].map((m) => m[2]!);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(conf).not.toContain(key);
      expect(conf).toMatch(/<key1>\(left out\)<\/key1>/);
      const secret = (await readFile(join(p.dir, '.nso-multi', name, 'ipc_access'), 'utf8')).trim();
      for (const file of files) expect(await readFile(join(dir, file), 'utf8')).not.toContain(secret);
    }
  });
});

describeNso('a start that real NSO gives up on', () => {
  const project = useNsoProject(SPEC);

  // Starts the project, stops b and puts bytes in its CDB that NSO cannot read: its next start exits 15.
  async function corruptB() {
    const p = project();
    expect((await p.cli(['up'])).code).toBe(0);
    expect((await p.cli(['down', 'b'])).code).toBe(0);
    await writeFile(join(p.dir, '.nso-multi', 'b', 'ncs-cdb', 'A.cdb'), 'not a CDB file, not at all');
    return p;
  }

  test('up shows the decoded error log entries; --collect writes them beside the logs', async () => {
    const p = await corruptB();
    const up = await p.cli(['up', 'b', '--collect', 'diag']);
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/^b: exit 15: .*CDB boot error: Failed loading CDB/m);
    expect(up.stderr).toMatch(/^ {2}\| ncserr: .*cdb_db:\d+: .*invalid_magic/m);
    expect(up.stderr).not.toMatch(/\n\s+at /);
    const diag = join(p.dir, 'diag', 'b');
    expect(await readFile(join(diag, 'ncserr.txt'), 'utf8')).toMatch(/invalid_magic/);
    // NSO is not running: ncs --status says so, with its exit code.
    expect(await readFile(join(diag, 'ncs-status.txt'), 'utf8')).toMatch(/\(exit [1-9]\d*\)\n$/);
    expect(await readdir(join(p.dir, 'diag'))).toEqual(['b']);
  });

  test('logs --file error decodes the error log NSO wrote, with ncs --printlog', async () => {
    const p = await corruptB();
    expect((await p.cli(['up', 'b'])).code).toBe(1);
    const decoded = await p.cli(['logs', 'b', '--file', 'error']);
    expect(decoded.code, decoded.stderr).toBe(0);
    expect(decoded.stdout).toMatch(/^\d+-\w+-\d{4}::[\d:.]+ <[\d.]+> <[\d.]+> cdb_db:\d+: .*invalid_magic/m);
    // NSO's own decoding of the same file, for comparison.
    const printlog = await p.shell('ncs --printlog .nso-multi/b/logs/ncserr.log');
    expect(decoded.stdout.trimEnd()).toBe(
      printlog.stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .join('\n'),
    );
    const both = await p.cli(['logs', '--file', 'error']);
    expect(both.stdout).toMatch(/^b \| .*invalid_magic/m);
    expect(both.stdout).not.toMatch(/^a \| /m);
    const follow = await p.cli(['logs', 'b', '--file', 'error', '--follow']);
    expect(follow.code).toBe(2);
    expect(follow.stderr).toMatch(/cannot follow the error log/);
  });

  test('startCluster({ collect }) rejects with the same lines and leaves the folder', async () => {
    const p = await corruptB();
    const error = await startCluster({
      cwd: p.dir,
      names: ['b'],
      env: nsoEnv(),
      collect: 'ci-artifact',
      watchdog: false,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NsoMultiError);
    expect((error as NsoMultiError).code).toBe('START_FAILED');
    expect((error as NsoMultiError).message).toMatch(/\| ncserr: .*invalid_magic/);
    expect(await readFile(join(p.dir, 'ci-artifact', 'b', 'ncserr.txt'), 'utf8')).toMatch(/invalid_magic/);
  });
});
