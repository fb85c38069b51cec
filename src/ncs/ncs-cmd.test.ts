import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeNcsCmdFailure, ncsCmdFor, ncsCmdStop, ncsCmdWaitStarted } from './ncs-cmd.js';
import type { NcsCommand } from './ncs-command.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const REFUSED =
  'FAILED: maapi_connect(ms, addr, addrlen), Error: system call failed (24): Connection refused, in function run, line 3044';
const NOT_YET =
  'FAILED: maapi_connect(ms, addr, addrlen), Error: Bad protocol usage or unexpected retval (21): Access check failed, in function run, line 3044';
const DENIED =
  'FAILED: maapi_connect(ms, addr, addrlen), Error: Bad protocol usage or unexpected retval (21): Access denied, in function run, line 3044';
const EOF =
  'FAILED: maapi_connect(ms, addr, addrlen), NCS closed connection (CONFD_EOF), in function run, line 3044';

// A bin folder with an `ncs` and a fake `ncs_cmd` that appends its arguments to calls.log and, on the k-th call,
// prints the k-th line of FAKE_ANSWERS to stderr and exits 1 (exits 0 once the lines run out).
async function fakeInstall(): Promise<{ bin: string; log: string; answers: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'nso-multi-ncs-cmd-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const bin = join(dir, 'bin');
  await mkdir(bin);
  const log = join(dir, 'calls.log');
  const answers = join(dir, 'answers');
  await writeFile(join(bin, 'ncs'), '#!/bin/sh\nexit 0\n');
  await writeFile(
    join(bin, 'ncs_cmd'),
    [
      '#!/bin/sh',
      `echo "$*" >> '${log}'`,
      `n=$(wc -l < '${log}')`,
      `line=$(sed -n "\${n}p" '${answers}')`,
      '[ -z "$line" ] && exit 0',
      'echo "$line" >&2',
      'exit 1',
      '',
    ].join('\n'),
  );
  await chmod(join(bin, 'ncs'), 0o755);
  await chmod(join(bin, 'ncs_cmd'), 0o755);
  await writeFile(answers, '');
  return { bin, log, answers };
}

const real = (file: string): NcsCommand => ({ file, args: [], sim: false, display: file });
const TCP = { NCS_IPC_ADDR: '127.0.0.1', NCS_IPC_PORT: '4569' };

// An instance environment whose IPC port listens (a server that closes every connection), or not yet.
async function ipcEnv(listen = true): Promise<{ env: Record<string, string>; open: () => Promise<void> }> {
  const server = createServer((socket) => socket.destroy());
  const start = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  await start(0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  if (!listen) await new Promise<void>((resolve) => server.close(() => resolve()));
  return { env: { NCS_IPC_ADDR: '127.0.0.1', NCS_IPC_PORT: String(port) }, open: () => start(port) };
}
const calls = async (log: string) =>
  (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean);

describe('ncsCmdFor', () => {
  it('finds ncs_cmd beside a real ncs, through a symlink too, for an instance on TCP IPC', async () => {
    const { bin } = await fakeInstall();
    expect(await ncsCmdFor(real(join(bin, 'ncs')), TCP)).toBe(join(bin, 'ncs_cmd'));
    const link = join(bin, '..', 'ncs-link');
    await symlink(join(bin, 'ncs'), link);
    expect(await ncsCmdFor(real(link), TCP)).toBe(join(bin, 'ncs_cmd'));
  });

  it('is undefined for the simulator, a Unix-socket IPC, no IPC port, or no ncs_cmd beside ncs', async () => {
    const { bin } = await fakeInstall();
    const ncs = real(join(bin, 'ncs'));
    expect(await ncsCmdFor({ ...ncs, sim: true }, TCP)).toBeUndefined();
    expect(await ncsCmdFor(ncs, { ...TCP, NCS_IPC_PATH: '/tmp/ncs.sock' })).toBeUndefined();
    expect(await ncsCmdFor(ncs, { NCS_IPC_PATH: '/tmp/ncs.sock' })).toBeUndefined();
    await rm(join(bin, 'ncs_cmd'));
    expect(await ncsCmdFor(ncs, TCP)).toBeUndefined();
  });
});

describe('ncsCmdWaitStarted', () => {
  it('retries while the connection is refused or NSO cannot check access yet, then reports started', async () => {
    const { bin, log, answers } = await fakeInstall();
    await writeFile(answers, `${REFUSED}\n${REFUSED}\n${NOT_YET}\n`);
    const { env } = await ipcEnv();
    const result = await ncsCmdWaitStarted(join(bin, 'ncs_cmd'), env, 10, new AbortController().signal);
    expect(result.exitCode).toBe(0);
    expect(await calls(log)).toEqual(Array(4).fill('-c wait-start 2'));
  });

  it('gives up on a wrong secret or a closed connection after deniedRetryMs, in the words ncs uses', async () => {
    for (const [answer, said] of [
      [DENIED, 'Access check failed'],
      [EOF, 'Access check failed (NSO closed the connection)'],
    ]) {
      const { bin, log, answers } = await fakeInstall();
      await writeFile(answers, `${answer}\n`.repeat(1000));
      const { env } = await ipcEnv();
      const began = Date.now();
      const signal = new AbortController().signal;
      const result = await ncsCmdWaitStarted(join(bin, 'ncs_cmd'), env, 10, signal, 300);
      expect(result).toMatchObject({ exitCode: 1, output: said, timedOut: false });
      expect(Date.now() - began).toBeGreaterThanOrEqual(300);
      expect(Date.now() - began).toBeLessThan(5000);
      expect((await calls(log)).length).toBeGreaterThan(1);
      await writeFile(answers, `${answer}\n`);
      await rm(log);
      const zero = await ncsCmdWaitStarted(join(bin, 'ncs_cmd'), env, 10, signal, 0);
      expect(zero).toMatchObject({ exitCode: 1, output: said });
      expect(await calls(log)).toHaveLength(1);
    }
  });

  it('stops retrying a refused connection after trySeconds', async () => {
    const { bin, answers } = await fakeInstall();
    await writeFile(answers, `${REFUSED}\n`.repeat(1000));
    const { env } = await ipcEnv();
    const began = Date.now();
    const result = await ncsCmdWaitStarted(join(bin, 'ncs_cmd'), env, 0.3, new AbortController().signal);
    expect(result).toMatchObject({ exitCode: 1, output: 'connection refused' });
    expect(Date.now() - began).toBeLessThan(5000);
  });

  it('runs ncs_cmd only once the IPC port listens, and once more when it never does', async () => {
    const { bin, log, answers } = await fakeInstall();
    await writeFile(answers, `${REFUSED}\n`);
    const closed = await ipcEnv(false);
    const never = await ncsCmdWaitStarted(
      join(bin, 'ncs_cmd'),
      closed.env,
      0.3,
      new AbortController().signal,
    );
    expect(never).toMatchObject({ exitCode: 1, output: 'connection refused' });
    expect(await calls(log)).toHaveLength(1);
    await rm(log);
    await writeFile(answers, '');
    const later = await ipcEnv(false);
    setTimeout(() => void later.open(), 300);
    const began = Date.now();
    const result = await ncsCmdWaitStarted(join(bin, 'ncs_cmd'), later.env, 10, new AbortController().signal);
    expect(result.exitCode).toBe(0);
    expect(Date.now() - began).toBeGreaterThanOrEqual(250);
    expect(await calls(log)).toHaveLength(1);
  });

  it('ends when aborted', async () => {
    const { bin, answers } = await fakeInstall();
    await writeFile(answers, `${REFUSED}\n`.repeat(1000));
    const { env } = await ipcEnv();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 200);
    const began = Date.now();
    const result = await ncsCmdWaitStarted(join(bin, 'ncs_cmd'), env, 30, abort.signal);
    expect(result.exitCode).not.toBe(0);
    expect(Date.now() - began).toBeLessThan(5000);
  });
});

describe('ncsCmdStop', () => {
  it('runs ncs_cmd -c stop with the instance environment and passes its exit code on', async () => {
    const { bin, log, answers } = await fakeInstall();
    expect((await ncsCmdStop(join(bin, 'ncs_cmd'), TCP, 5000)).exitCode).toBe(0);
    await writeFile(answers, `\n${REFUSED}\n`);
    expect(await ncsCmdStop(join(bin, 'ncs_cmd'), TCP, 5000)).toMatchObject({ exitCode: 1 });
    expect(await calls(log)).toEqual(['-c stop', '-c stop']);
  });
});

describe('describeNcsCmdFailure', () => {
  it('names a refused connection and failed access checks as ncs does, and passes anything else on', () => {
    expect(describeNcsCmdFailure(REFUSED, 1)).toBe('connection refused');
    expect(describeNcsCmdFailure(DENIED, 1)).toBe('Access check failed');
    expect(describeNcsCmdFailure('something else\nmore', 3)).toBe('something else');
    expect(describeNcsCmdFailure('', 3)).toBe('exit 3');
  });
});
