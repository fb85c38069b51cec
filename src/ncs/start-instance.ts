// Starts one instance's daemon and waits until it is ready (fully started: phase 2). The daemon runs `--foreground` as the leader of
// its own process group, so its pid is known from the first instant (a daemonizing `ncs` forks away from us;
// lessons.md §7) and the whole group can be signalled; its console output goes to logs/ncs-console.log.

import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { processStartTime } from '../host/process-identity.js';
import { describeNcsExit } from '../nso/ncs-exit-codes.js';
import { decodeErrorLog, errorLogName } from './error-log.js';
import { bootMessage, logTail } from './log-tail.js';
import type { NcsCommand } from './ncs-command.js';
import { waitStarted } from './ncs-control.js';

export const CONSOLE_LOG = join('logs', 'ncs-console.log');

export interface StartRequest {
  runDir: string;
  ncsConf: string;
  ncs: NcsCommand;
  /** More `ncs` start flags, e.g. --with-package-reload. */
  flags?: string[];
  env: Record<string, string>;
  /** Seconds to wait for the daemon to accept a connection (`ncs --wait-started N`, see waitStarted). */
  timeoutSeconds: number;
  /** Called as soon as the daemon's pid is known, before waiting: record it, so a crash of ours leaks nothing. */
  onSpawn: (pid: number, startTime: string | undefined) => Promise<void>;
  /** Called once the gate is open (the daemon goes on to start), before waiting for it to be ready. */
  onGateOpen?: (pid: number) => void;
  signal?: AbortSignal;
}

export type StartOutcome =
  | { ok: true; pid: number; startTime: string | undefined }
  | {
      ok: false;
      pid: number | undefined;
      exitCode: number | undefined;
      reason: string;
      log: string[];
      /** The daemon may still run (a timeout or an abort): the caller must stop it. */
      mayRun: boolean;
      startTime: string | undefined;
    };

// Spawns the daemon and waits for it: ready, exited (with its code), timed out, or aborted. A failure shows the
// end of the console log and of NSO's decoded error log.
export async function startInstance(request: StartRequest): Promise<StartOutcome> {
  return withErrorLog(await startDaemon(request), request);
}

async function startDaemon(request: StartRequest): Promise<StartOutcome> {
  const logFile = join(request.runDir, CONSOLE_LOG);
  // Plain spawn, not execa: the daemon must get the log file's descriptor itself (execa would pipe its output
  // through this process, which exits long before the daemon), and must not be tied to our lifetime.
  // It starts behind a gate: a shell that waits for one line on stdin and then execs ncs (same pid, same start
  // time). The line is sent only after the pid is recorded, so if this process dies in between, the gate sees
  // EOF and exits without ever starting a daemon nobody knows about.
  const fd = openSync(logFile, 'a', 0o644);
  let child: ChildProcess;
  try {
    child = spawn(
      '/bin/sh',
      [
        '-c',
        'IFS= read -r go || exit 111; exec "$@"',
        'nso-multi-start',
        request.ncs.file,
        ...request.ncs.args,
        '--cd',
        request.runDir,
        '-c',
        request.ncsConf,
        '--foreground',
        ...(request.flags ?? []),
      ],
      { env: request.env, cwd: request.runDir, detached: true, stdio: ['pipe', fd, fd] },
    );
  } finally {
    closeSync(fd);
  }
  child.stdin?.on('error', () => undefined);
  const exited = new Promise<{ exitCode: number | undefined; signal: string | undefined }>((resolve) => {
    child.once('error', () => resolve({ exitCode: undefined, signal: undefined }));
    child.once('exit', (code, signal) =>
      resolve({ exitCode: code ?? undefined, signal: signal ?? undefined }),
    );
  });
  const pid = child.pid;
  if (pid === undefined) {
    await exited;
    return failure(undefined, undefined, undefined, `could not run ${request.ncs.display}`, logFile, false);
  }
  child.unref();
  const startTime = await processStartTime(pid);
  try {
    await request.onSpawn(pid, startTime);
  } catch (error) {
    child.stdin?.destroy();
    throw error;
  }
  // Handed to the OS before anyone is told the daemon starts: a crash of ours after that leaves it running.
  await new Promise<void>((resolve) => {
    const stdin = child.stdin;
    if (stdin === null) return resolve();
    // A gate that is gone already (EPIPE) settles it too.
    stdin.once('error', () => resolve());
    stdin.once('close', () => resolve());
    stdin.end('go\n', () => resolve());
  });
  request.onGateOpen?.(pid);

  const waiter = new AbortController();
  const stopWaiting = () => waiter.abort();
  request.signal?.addEventListener('abort', stopWaiting, { once: true });
  try {
    const deadline = Date.now() + request.timeoutSeconds * 1000;
    const died = exited.then((exit) => ({ kind: 'exited' as const, exit }));
    let said = '';
    let via = '';
    // The wait (ncs_cmd's or `ncs --wait-started`) can give up long before the timeout: `NCS daemon closed
    // connection` from a daemon on its way out (exit 19 when its Erlang node name is taken), `Access check
    // failed` from a program that took the IPC port (the daemon exits 20 once it tries to bind it). So while time is left and the daemon lives, ask
    // again, at most once a second: its exit code, or readiness, settles it.
    for (let remaining = request.timeoutSeconds; remaining > 0; ) {
      const ready = waitStarted(request.ncs, request.env, remaining, waiter.signal).then((result) => ({
        kind: 'waited' as const,
        result,
      }));
      const first = await Promise.race([ready, died]);
      if (first.kind === 'exited') return exitFailure(pid, startTime, first.exit, logFile);
      if (request.signal?.aborted) return failure(pid, startTime, undefined, 'interrupted', logFile, true);
      if (first.result.exitCode === 0) return { ok: true, pid, startTime };
      said = first.result.output.trim() || `exit ${first.result.exitCode}`;
      via = first.result.via;
      const late = await within(died, RETRY_MS);
      if (late !== undefined) return exitFailure(pid, startTime, late.exit, logFile);
      if (request.signal?.aborted) return failure(pid, startTime, undefined, 'interrupted', logFile, true);
      remaining = Math.ceil((deadline - Date.now()) / 1000);
    }
    // The wait gave up while the daemon still runs: it never got ready in time.
    const reason = `not ready after ${request.timeoutSeconds} s (${via}: ${said})`;
    return failure(pid, startTime, undefined, reason, logFile, true);
  } finally {
    request.signal?.removeEventListener('abort', stopWaiting);
    waiter.abort();
  }
}

/** How long after a failed `--wait-started` it is asked again (while the daemon's exit is awaited). */
const RETRY_MS = 1000;

// `promise`, or undefined once `ms` passed; the timer is cleared either way (it keeps this process alive meanwhile,
// since the daemon's own exit watcher does not).
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// A daemon that exited while starting: its code's meaning and, where its console log has one, NSO's own words.
async function exitFailure(
  pid: number,
  startTime: string | undefined,
  exit: { exitCode: number | undefined; signal: string | undefined },
  logFile: string,
): Promise<StartOutcome> {
  const said = await bootMessage(logFile);
  const reason = describeNcsExit(exit.exitCode, exit.signal) + (said === undefined ? '' : `: ${said}`);
  return failure(pid, startTime, exit.exitCode, reason, logFile, false);
}

async function failure(
  pid: number | undefined,
  startTime: string | undefined,
  exitCode: number | undefined,
  reason: string,
  logFile: string,
  mayRun: boolean,
): Promise<StartOutcome> {
  return { ok: false, pid, startTime, exitCode, reason, log: await logTail(logFile), mayRun };
}

/** Decoded error-log entries a failed start shows after the console log's lines. */
const ERROR_LOG_LINES = 4;

// The outcome with the end of NSO's decoded error log added to its lines, where NSO wrote one.
async function withErrorLog(outcome: StartOutcome, request: StartRequest): Promise<StartOutcome> {
  if (outcome.ok) return outcome;
  const name = await errorLogName(request.ncsConf, request.runDir);
  const decoded = await decodeErrorLog(request.ncs, request.env, name, ERROR_LOG_LINES);
  if (!('lines' in decoded) || decoded.lines.length === 0) return outcome;
  return { ...outcome, log: [...outcome.log, ...decoded.lines.map((l) => `ncserr: ${l}`)] };
}
