// The simulator answers like the real `ncs` where nso-multi relies on it: one scenario table, run against
// NSO 6.2.5's bin/ncs and against `nso-multi sim` with the same arguments, asserting the exit codes and key
// messages measured on the real one (ports, folders and the installation path normalised). Where the
// simulator deliberately differs, the row says so and asserts each side's own behaviour.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { waitUntil } from '../../src/host/wait-until.js';
import { describeNso } from './nso.js';
import { type Impl, Scenario } from './parity-harness.js';

const USAGE_TAIL = ' Try ncs --help to get usage text\n';

interface Row {
  name: string;
  run: (s: Scenario) => Promise<void>;
}

const ROWS: Row[] = [
  {
    name: 'daemonized start, --wait-started, --status, --stop, and the secret of a daemon without the check',
    run: async (s) => {
      const run = await s.runDir();
      const conf = join(run, 'ncs.conf');
      expect(await s.start(['--cd', run, '-c', conf])).toMatchObject({ code: 0, stdout: '', stderr: '' });
      expect(await s.run(['--wait-started', '5'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
      const status = await s.run(['--status']);
      expect(status).toMatchObject({ code: 0, stderr: '' });
      expect(status.stdout).toMatch(/^vsn: 6\.2\.5(-sim)?\n/);
      expect(status.stdout.split('\n')).toContain('status: started');
      // A client with a secret against a daemon without the check is refused.
      await writeFile(join(s.dir, 'secret'), 'some-secret\n', { mode: 0o600 });
      expect(
        await s.run(['--status'], { env: s.env({ NCS_IPC_ACCESS_FILE: join(s.dir, 'secret') }) }),
      ).toMatchObject({ code: 1, stdout: '', stderr: 'Access check failed (status)\n' });
      // A secret file that is not there is a warning only: the command goes on without a secret.
      const missing = await s.run(['--status'], {
        env: s.env({ NCS_IPC_ACCESS_FILE: join(s.dir, 'missing') }),
      });
      expect(missing).toMatchObject({
        code: 0,
        stderr: 'Access file NCS_IPC_ACCESS_FILE=DIR/missing: no such file or directory\n',
      });
      expect(missing.stdout.split('\n')).toContain('status: started');
      expect(await s.run(['--stop'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
      expect(await s.run(['--status'])).toMatchObject({ code: 1, stderr: 'connection refused (status)\n' });
    },
  },
  {
    name: 'nothing answers: --status, --stop and --wait-started',
    run: async (s) => {
      expect(await s.run(['--status'])).toMatchObject({
        code: 1,
        stdout: '',
        stderr: 'connection refused (status)\n',
      });
      expect(await s.run(['--stop'])).toMatchObject({
        code: 1,
        stdout: '',
        stderr: 'connection refused (stop)\n',
      });
      // --wait-started N retries for N seconds, then gives up with exit 2 (a connect timeout) ...
      const waited = await s.run(['--wait-started', '2']);
      expect(waited).toMatchObject({ code: 2, stdout: '', stderr: 'connection refused (wait_started)\n' });
      expect(waited.ms).toBeGreaterThanOrEqual(1900);
      // ... but with N = 0 it tries once and exits 1.
      expect(await s.run(['--wait-started', '0'])).toMatchObject({
        code: 1,
        stdout: '',
        stderr: 'connection refused (wait_started)\n',
      });
    },
  },
  {
    name: '--foreground as nso-multi runs it: --wait-started sees it start, --stop ends it with exit 0',
    run: async (s) => {
      const run = await s.runDir();
      const daemon = s.startForeground(
        ['--cd', run, '-c', join(run, 'ncs.conf')],
        join(s.dir, 'console.log'),
      );
      expect(await s.run(['--wait-started', '90'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
      expect((await s.run(['--status'])).stdout.split('\n')).toContain('status: started');
      expect(await s.run(['--stop'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
      expect(await daemon.exited).toBe(0);
    },
  },
  {
    name: 'the IPC port is taken: exit 20 naming it, daemonized and in the foreground',
    run: async (s) => {
      const run = await s.runDir();
      expect(await s.squat(s.ports.ipc)).toBe(true);
      const args = ['--cd', run, '-c', join(run, 'ncs.conf')];
      expect(await s.start(args)).toMatchObject({
        code: 20,
        stdout: '',
        stderr:
          'Cannot bind to internal socket 127.0.0.1:IPC : address already in use\nDaemon died status=20\n',
      });
      // In the foreground the message goes to stdout (NSO quotes it among Erlang reports), with no `Daemon died`.
      const console = join(s.dir, 'console.log');
      expect(await s.startForeground(args, console).exited).toBe(20);
      const output = s.normalise(await readText(console));
      expect(output).toContain('Cannot bind to internal socket 127.0.0.1:IPC : address already in use');
      expect(output).not.toContain('Daemon died');
    },
  },
  {
    name: 'the NETCONF SSH and CLI SSH ports are taken (a deliberate difference)',
    run: async (s) => {
      const run = await s.runDir();
      expect(await s.squat(s.ports.netconfSsh)).toBe(true);
      expect(await s.squat(s.ports.cliSsh)).toBe(true);
      const started = await s.start(['--cd', run, '-c', join(run, 'ncs.conf')]);
      if (s.impl === 'ncs') {
        // NSO 6.2.5 starts anyway, without those listeners, and says so only in ncs.log.
        expect(started).toMatchObject({ code: 0, stdout: '', stderr: '' });
        const log = s.normalise(await readText(join(run, 'logs', 'ncs.log')));
        expect(log).toContain('Cannot bind to NETCONF socket 127.0.0.1:NETCONFSSH');
        expect(log).toMatch(/Failed to start .*\{address,\{127,0,0,1\},CLISSH,default\}\},eaddrinuse/);
        expect((await s.run(['--status'])).stdout.split('\n')).toContain('status: started');
        expect(await s.run(['--stop'])).toMatchObject({ code: 0 });
      } else {
        // The simulator fails the start (exit 20), which nso-multi's `up` answers by moving the port.
        expect(started).toMatchObject({
          code: 20,
          stderr:
            'Cannot bind to NETCONF SSH socket 127.0.0.1:NETCONFSSH : address already in use\nDaemon died status=20\n',
        });
      }
    },
  },
  {
    name: 'a bad configuration: exit 21 with Bad configuration, daemonized and in the foreground',
    run: async (s) => {
      const run = await s.runDir('run', { ipcPort: 'notaport' });
      const args = ['--cd', run, '-c', join(run, 'ncs.conf')];
      const started = await s.start(args);
      expect(started).toMatchObject({ code: 21, stdout: '' });
      expect(started.stderr).toMatch(/^Bad configuration: .*"notaport".*\nDaemon died status=21\n$/);
      const console = join(s.dir, 'console.log');
      expect(await s.startForeground(args, console).exited).toBe(21);
      const output = await readText(console);
      expect(output).toMatch(/Bad configuration: .*notaport/);
      expect(output).not.toContain('Daemon died');
      // Malformed XML is a bad configuration too.
      await writeFile(
        join(s.dir, 'broken.conf'),
        '<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">\n',
      );
      const broken = await s.start(['--cd', run, '-c', join(s.dir, 'broken.conf')]);
      expect(broken).toMatchObject({ code: 21, stdout: '' });
      expect(broken.stderr).toMatch(/(^|\n)Bad configuration: .*\nDaemon died status=21\n$/);
      // So is an access check whose secret file is missing; the message names the file.
      const noSecret = await s.runDir('no-secret', { accessFile: join(s.dir, 'no-such-secret') });
      const refused = await s.start(['--cd', noSecret, '-c', join(noSecret, 'ncs.conf')]);
      expect(refused).toMatchObject({ code: 21, stdout: '' });
      expect(refused.stderr).toMatch(/^Bad configuration: .*DIR\/no-such-secret.*\nDaemon died status=21\n$/);
    },
  },
  {
    name: 'command line errors: a missing -c file and an unknown option exit 1 before anything starts',
    run: async (s) => {
      const run = await s.runDir();
      const missing = join(s.dir, 'nosuch.conf');
      const expected = {
        code: 1,
        stdout: '',
        stderr: `\n*** bad file DIR/nosuch.conf to option -c\n${USAGE_TAIL}`,
      };
      expect(await s.start(['--cd', run, '-c', missing])).toMatchObject(expected);
      expect(await s.start(['--cd', run, '-c', missing, '--foreground'])).toMatchObject(expected);
      expect(await s.run(['-c', missing, '--status'])).toMatchObject(expected);
      expect(await s.run(['--bogus'])).toMatchObject({
        code: 1,
        stdout: '',
        stderr: `\n*** --bogus: Unknown option\n${USAGE_TAIL}`,
      });
    },
  },
  {
    name: "no -c: the caller's ncs.conf (not the --cd one), else the installation's",
    run: async (s) => {
      // Both files name an IPC port that is taken, so the exit 20 message tells which one was read.
      const caller = await s.runDir('caller', { ports: { ipc: s.ports.netconfTcp } });
      const run = await s.runDir('run');
      expect(await s.squat(s.ports.ipc)).toBe(true);
      expect(await s.squat(s.ports.netconfTcp)).toBe(true);
      const fromCaller = await s.run(['--cd', run], { cwd: caller });
      expect(fromCaller).toMatchObject({ code: 20, stdout: '' });
      expect(fromCaller.stderr).toContain(
        'Cannot bind to internal socket 127.0.0.1:NETCONFTCP : address already in use',
      );
      // Without ncs.conf in the caller's folder: $NCS_DIR/etc/ncs/ncs.conf, whose IPC port is 4569. Held here
      // (or by someone else), so nothing starts on the default ports either way.
      await s.squat(4569);
      const empty = join(s.dir, 'empty');
      await mkdir(empty);
      const fromInstall = await s.run(['--cd', run], { cwd: empty });
      expect(fromInstall).toMatchObject({ code: 20, stdout: '' });
      expect(fromInstall.stderr).toContain(
        'Cannot bind to internal socket 127.0.0.1:4569 : address already in use',
      );
    },
  },
  {
    name: 'the IPC access check: right, wrong, missing and unreadable secrets',
    run: async (s) => {
      const secret = join(s.dir, 'ipc_access');
      await writeFile(secret, 'parity-secret-0123456789abcdef\n', { mode: 0o600 });
      await writeFile(join(s.dir, 'wrong'), 'not-the-secret\n', { mode: 0o600 });
      const run = await s.runDir('run', { accessFile: secret });
      const right = s.env({ NCS_IPC_ACCESS_FILE: secret });
      const wrong = s.env({ NCS_IPC_ACCESS_FILE: join(s.dir, 'wrong') });
      const none = s.env();
      expect(await s.start(['--cd', run, '-c', join(run, 'ncs.conf')], right)).toMatchObject({
        code: 0,
        stderr: '',
      });
      expect(await s.run(['--wait-started', '5'], { env: right })).toMatchObject({ code: 0, stderr: '' });
      expect((await s.run(['--status'], { env: right })).stdout.split('\n')).toContain('status: started');

      for (const [word, args] of [
        ['status', ['--status']],
        ['wait_started', ['--wait-started', '3']],
        ['stop', ['--stop']],
      ] as const) {
        expect(await s.run([...args], { env: wrong }), word).toMatchObject({
          code: 1,
          stdout: '',
          stderr: `Access check failed (${word})\n`,
        });
      }
      expect(await s.run(['--status'], { env: none })).toMatchObject({
        code: 1,
        stderr: 'NCS daemon closed connection (status)\n',
      });
      expect(await s.run(['--wait-started', '3'], { env: none })).toMatchObject({
        code: 1,
        stderr: 'NCS daemon closed connection (wait_started)\n',
      });
      // `--stop` without a secret exits 0 and says nothing, yet the daemon keeps running.
      expect(await s.run(['--stop'], { env: none })).toMatchObject({ code: 0, stdout: '', stderr: '' });
      expect((await s.run(['--status'], { env: right })).stdout.split('\n')).toContain('status: started');
      expect(
        await s.run(['--status'], { env: s.env({ NCS_IPC_ACCESS_FILE: join(s.dir, 'missing') }) }),
      ).toMatchObject({
        code: 1,
        stderr:
          'Access file NCS_IPC_ACCESS_FILE=DIR/missing: no such file or directory\nNCS daemon closed connection (status)\n',
      });
      expect(await s.run(['--stop'], { env: right })).toMatchObject({ code: 0, stdout: '', stderr: '' });
      const gone = async () => (await s.run(['--status'], { env: right })).code === 1;
      expect(await waitUntil(gone, 30_000, 200)).toBe(true);
    },
  },
  {
    name: '--version answers without a daemon',
    run: async (s) => {
      const version = await s.run(['--version']);
      // The simulator says which it is: `6.2.5-sim` (NSO_MULTI_SIM_VERSION pretends another release).
      expect(version).toMatchObject({
        code: 0,
        stderr: '',
        stdout: s.impl === 'ncs' ? '6.2.5\n' : '6.2.5-sim\n',
      });
    },
  },
];

function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}

describeNso('the simulator answers like NSO 6.2.5 ncs', () => {
  for (const impl of ['ncs', 'sim'] as Impl[]) {
    describe(impl === 'ncs' ? 'real ncs' : 'nso-multi sim', () => {
      let scenario: Scenario | undefined;
      beforeEach(async () => {
        scenario = await Scenario.create(impl);
      });
      afterEach(async () => {
        await scenario?.cleanup();
        scenario = undefined;
      });
      for (const row of ROWS) {
        test(row.name, async () => row.run(scenario!), 240_000);
      }
    });
  }
});
