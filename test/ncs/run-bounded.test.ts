// runBounded, the runner of `ncs` control commands: exit codes without throwing, both output streams, the
// timeout and the abort (TERM, then KILL), a command that cannot run, and pipes a grandchild keeps open.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from '../../src/host/process-identity.js';
import { waitUntil } from '../../src/host/wait-until.js';
import { runBounded } from '../../src/ncs/run-bounded.js';

const env = process.env;
/** A Node.js process that ignores SIGTERM and runs until killed; it creates the file argv[1] once set up. */
const STUBBORN =
  "process.on('SIGTERM', () => {}); require('node:fs').writeFileSync(process.argv[1], ''); setInterval(() => {}, 1000);";

const leftovers: number[] = [];
afterEach(async () => {
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await waitUntil(async () => !(await isAlive({ pid })), 5000);
  }
});

describe('runBounded', () => {
  it('resolves with the exit code and the output of both streams, also for a failing command', async () => {
    const result = await runBounded('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3'], {
      env,
      timeoutMs: 30_000,
    });
    expect(result).toMatchObject({ exitCode: 3, signal: undefined, stdout: 'out', timedOut: false });
    expect(result.output.split('\n').sort()).toEqual(['err', 'out']);
  });

  it('passes exactly the given environment', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell default, not a template
    const result = await runBounded('/bin/sh', ['-c', 'echo "$ONLY_THIS-${HOME:-none}"'], {
      env: { ONLY_THIS: 'x' },
      timeoutMs: 30_000,
    });
    expect(result.stdout).toBe('x-none');
  });

  it('ends a command that overruns with SIGTERM', async () => {
    const result = await runBounded(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      env,
      timeoutMs: 200,
    });
    expect(result).toMatchObject({ timedOut: true, exitCode: undefined, signal: 'SIGTERM' });
  });

  it('follows with SIGKILL when SIGTERM is ignored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nso-multi-run-bounded-'));
    try {
      const ready = join(dir, 'ready');
      const abort = new AbortController();
      const running = runBounded(process.execPath, ['-e', STUBBORN, ready], {
        env,
        timeoutMs: 60_000,
        killAfterMs: 200,
        signal: abort.signal,
      });
      expect(await waitUntil(() => existsSync(ready), 30_000)).toBe(true);
      abort.abort();
      expect(await running).toMatchObject({ aborted: true, signal: 'SIGKILL' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ends the command when the signal aborts, and at once when it was aborted before', async () => {
    const abort = new AbortController();
    const running = runBounded(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      env,
      timeoutMs: 60_000,
      signal: abort.signal,
    });
    abort.abort();
    expect(await running).toMatchObject({ aborted: true, timedOut: false, signal: 'SIGTERM' });
    const late = await runBounded(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      env,
      timeoutMs: 60_000,
      signal: abort.signal,
    });
    expect(late).toMatchObject({ aborted: true, signal: 'SIGTERM' });
  });

  it('reports a command that cannot be run instead of throwing', async () => {
    const result = await runBounded('/nonexistent/ncs', ['--version'], { env, timeoutMs: 30_000 });
    expect(result.exitCode).toBeUndefined();
    expect((result.spawnError as NodeJS.ErrnoException | undefined)?.code).toBe('ENOENT');
  });

  it('resolves once the command exited even while a process it left behind holds its output open', async () => {
    const script = `${JSON.stringify(process.execPath)} -e "setInterval(() => {}, 1000)" & echo $!; exit 0`;
    const result = await runBounded('/bin/sh', ['-c', script], { env, timeoutMs: 60_000 });
    leftovers.push(Number(result.stdout));
    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
    expect(Number(result.stdout)).toBeGreaterThan(1);
  });
});
