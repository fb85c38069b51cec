// Runs a short command to its end, bounded in time, and collects what it printed: what the `ncs` control
// commands and `ncs --version` need. Plain node:child_process rather than execa, whose loading alone costs more
// than these few lines do, on every `up` and `down`.
import { spawn } from 'node:child_process';

/** What a control command (`ncs --stop`, `ncs_cmd -c stop`, ...) came to; it never throws for a non-zero exit. */
export interface ControlResult {
  exitCode: number | undefined;
  /** What it printed, stdout and stderr interleaved. */
  output: string;
  timedOut: boolean;
}

export interface BoundedRunOptions {
  /** The complete environment of the command (nothing is added to it). */
  env: NodeJS.ProcessEnv;
  /** After this long the command gets SIGTERM, then SIGKILL `killAfterMs` later. */
  timeoutMs: number;
  /** How long a SIGTERM (timeout or abort) may take before SIGKILL follows; default 2 s. */
  killAfterMs?: number;
  /** Aborting ends the command the same way as the timeout does. */
  signal?: AbortSignal;
  /** Written to the command's standard input, which is then closed; without it, stdin is /dev/null. */
  input?: string;
}

export interface BoundedRunResult {
  /** The exit code; undefined when a signal ended the command or it never ran. */
  exitCode: number | undefined;
  /** The signal that ended the command, if one did. */
  signal: NodeJS.Signals | undefined;
  /** Standard output alone, without its last line break. */
  stdout: string;
  /** Standard output and error interleaved as they arrived, without the last line break. */
  output: string;
  timedOut: boolean;
  aborted: boolean;
  /** Why the command could not be run at all (ENOENT, EACCES, ...). */
  spawnError?: Error;
}

/** Output kept per stream; a control command prints a few lines, so more is a runaway and is cut. */
const MAX_OUTPUT_CHARS = 1024 * 1024;
/** After the exit, how long the pipes may stay open (held by a grandchild) before they are dropped. */
const PIPE_GRACE_MS = 500;

// Runs `file args` and resolves once it has ended; never rejects, also not for a non-zero exit.
export function runBounded(
  file: string,
  args: readonly string[],
  options: BoundedRunOptions,
): Promise<BoundedRunResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let output = '';
    let timedOut = false;
    let aborted = false;
    let spawnError: Error | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let pipeTimer: NodeJS.Timeout | undefined;
    let settled = false;

    const child =
      options.input === undefined
        ? spawn(file, [...args], { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn(file, [...args], { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    if (options.input !== undefined) {
      // A command that exits without reading its input closes the pipe: not an error of ours.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(options.input);
    }
    const append = (chunk: string, both: boolean) => {
      if (output.length < MAX_OUTPUT_CHARS) output += chunk;
      if (both && stdout.length < MAX_OUTPUT_CHARS) stdout += chunk;
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => append(chunk, true));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => append(chunk, false));

    const terminate = () => {
      if (exit !== undefined || killTimer !== undefined) return;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 2000);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      terminate();
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      terminate();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      clearTimeout(pipeTimer);
      options.signal?.removeEventListener('abort', onAbort);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({
        exitCode: exit?.code ?? undefined,
        signal: exit?.signal ?? undefined,
        stdout: stdout.replace(/\r?\n$/, ''),
        output: output.replace(/\r?\n$/, ''),
        timedOut,
        aborted,
        ...(spawnError ? { spawnError } : {}),
      });
    };
    child.once('error', (error) => {
      // Only a failed spawn ends the run here; a failed kill leaves the process to the exit event.
      if (child.pid === undefined) {
        spawnError = error;
        finish();
      }
    });
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      clearTimeout(killTimer);
      pipeTimer = setTimeout(finish, PIPE_GRACE_MS);
    });
    // 'close' comes once the pipes are drained too, so no output is lost.
    child.once('close', finish);
  });
}

// The first line of a command's output that is not blank, trimmed; empty when there is none.
export function firstOutputLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  );
}
