// `nso-multi logs` on simulator instances (which write logs/ncs.log as NSO does): the last lines of one
// instance's log, every instance's with a prefix, --follow printing what is written later until Ctrl-C, and the
// mistakes it refuses. On real NSO, with the error log decoded by `ncs --printlog`: test/real-nso/logs.test.ts.
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../src/host/wait-until.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { followLogs } from '../helpers/follow-logs.js';
import { stopProject } from '../helpers/project-cleanup.js';

// Ports of this file: 31800-31899.
const SPEC =
  'project: lab\nlayout: { base: 31800, stride: 10 }\ninstances:\n  - name: one\n  - name: second\n';

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir('nso-multi-logs-');
  await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
  const up = await cli(['up', '--sim']);
  expect(up.code, up.stderr).toBe(0);
});
afterEach(async () => {
  await stopProject(dir.path);
  await dir.remove();
});

const env = () => ({ NSO_MULTI_LEASE_DIR: join(dir.path, 'leases') });
const cli = (args: string[]) => runCli(args, dir.path, env(), 60_000);
const logOf = (name: string) => join(dir.path, '.nso-multi', name, 'logs', 'ncs.log');

describe('nso-multi logs', () => {
  it("prints the last lines of an instance's ncs.log, as its ncs.conf names it", async () => {
    await appendFile(logOf('one'), 'first marker\nsecond marker\n');
    const one = await cli(['logs', 'one', '--lines', '2']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toBe('first marker\nsecond marker\n');
  });

  it('prefixes each line with its instance when more than one is asked for', async () => {
    await appendFile(logOf('one'), 'from one\n');
    await appendFile(logOf('second'), 'from second\n');
    const all = await cli(['logs', '-n', '1']);
    expect(all.stdout).toBe('one    | from one\nsecond | from second\n');
  });

  it('follows several logs, in the order lines are written, until Ctrl-C', async () => {
    const follow = followLogs(['--lines', '0'], dir.path, { ...process.env, ...env() });
    try {
      // Give it time to take the files' sizes, then write.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await appendFile(logOf('second'), 'later in second\n');
      await waitUntil(() => follow.out().includes('later in second'), 10_000, 50);
      await appendFile(logOf('one'), 'then in one\n');
      await waitUntil(() => follow.out().includes('then in one'), 10_000, 50);
      expect(follow.out()).toBe('second | later in second\none    | then in one\n');
    } finally {
      expect(await follow.stop()).toBe(0);
    }
  });

  it('names a log that is not there yet, and refuses a log it does not know or cannot follow', async () => {
    const devel = await cli(['logs', 'one', '--file', 'devel']);
    expect(devel.code).toBe(0);
    expect(devel.stderr).toContain(
      `note: one: no devel log yet (${join(dir.path, '.nso-multi', 'one', 'logs', 'devel.log')})`,
    );
    const unknown = await cli(['logs', '--file', 'kernel']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--file kernel is not a log nso-multi knows');
    const error = await cli(['logs', '--file', 'error', '--follow']);
    expect(error.code).toBe(2);
    expect(error.stderr).toContain('--follow cannot follow the error log');
    const lines = await cli(['logs', '--lines', 'many']);
    expect(lines.code).toBe(2);
  });

  it("up --collect DIR writes each instance's logs, ncs.conf without keys and ncs --status, never the secret", async () => {
    const up = await cli(['up', '--sim', '--collect', 'diag']);
    expect(up.code, up.stderr).toBe(0);
    const diag = join(dir.path, 'diag');
    expect(up.stderr).toMatch(
      new RegExp(`note: wrote the instances' logs, ncs.conf and ncs --status \\(\\d+ files\\) into ${diag}`),
    );
    for (const name of ['one', 'second']) {
      const files = (await readdir(join(diag, name))).sort();
      expect(files).toEqual(expect.arrayContaining(['ncs-status.txt', 'ncs.conf', 'ncs.log']));
      const conf = await readFile(join(diag, name, 'ncs.conf'), 'utf8');
      expect(conf).toContain('<key>(left out)</key>');
      expect(conf).not.toMatch(/<key>[0-9a-f]{32,}<\/key>/);
      expect(await readFile(join(diag, name, 'ncs-status.txt'), 'utf8')).toContain('(exit 0)');
      const secret = (await readFile(join(dir.path, '.nso-multi', name, 'ipc_access'), 'utf8')).trim();
      for (const file of files) expect(await readFile(join(diag, name, file), 'utf8')).not.toContain(secret);
    }
  });

  it('up --collect writes the diagnostics of a run that failed too', async () => {
    await cli(['down']);
    // An `ncs` that refuses every start as NSO refuses a bad configuration (exit 21).
    const refusing = join(dir.path, 'refusing-ncs');
    await writeFile(refusing, '#!/bin/sh\necho "Bad configuration: refused by the test" >&2\nexit 21\n', {
      mode: 0o755,
    });
    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      SPEC.replace('project: lab\n', "project: lab\nnso: { version: '6.2' }\n"),
    );
    const diag = join(dir.path, 'failed-diag');
    const failed = await cli(['up', '--ncs', refusing, '--collect', diag]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('did not start');
    expect((await readdir(diag)).sort()).toEqual(['one', 'second']);
    expect(await readdir(join(diag, 'one'))).toEqual(expect.arrayContaining(['ncs.conf', 'ncs-console.log']));
  });
});
