// `ncs` without --foreground: spawn the daemon detached and wait for it to report the outcome of its start.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { simBinPath, simChildEnv } from '../ncs/sim-bin-path.js';
import type { DaemonOptions } from './daemon.js';
import { daemonFilePaths } from './daemon-files.js';
import type { SimIo } from './sim-io.js';
import type { StartReport } from './start-report.js';
import { isStartReport, REPORT_TO_PARENT_FLAG } from './start-report.js';

/** The longest a start command waits for its daemon's report. */
export const START_TIMEOUT_MS = 60_000;
/** After a failure report, how long to wait for the daemon process to be gone. */
const EXIT_WAIT_MS = 5_000;

type Outcome =
  | StartReport
  | { type: 'exited'; code: number | null }
  | { type: 'timeout' }
  | { type: 'error'; error: Error };

// The built executable entry beside this file (dist/sim/bin.js).
export function defaultDaemonEntry(): string {
  return simBinPath();
}

// Starts the daemon in the background; resolves with NSO's exit code once it has started (0) or died.
export async function daemonize(
  options: DaemonOptions,
  io: SimIo,
  entry = defaultDaemonEntry(),
): Promise<number> {
  if (!statSync(options.runDir, { throwIfNoEntry: false })?.isDirectory()) {
    io.err(`Cannot change directory to ${options.runDir}: not a directory`);
    return 1;
  }
  const { logsDir, logFile } = daemonFilePaths(options.runDir);
  mkdirSync(logsDir, { recursive: true });
  // The daemon's own stdout/stderr (e.g. a crash trace) go to its log; nothing ties it to this terminal.
  const logFd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    const args = [
      entry,
      '--foreground',
      '--cd',
      options.runDir,
      '-c',
      options.confFile,
      REPORT_TO_PARENT_FLAG,
    ];
    child = spawn(process.execPath, args, {
      cwd: options.runDir,
      env: simChildEnv(options.env),
      detached: true,
      stdio: ['ignore', logFd, logFd, 'ipc'],
    });
  } finally {
    closeSync(logFd);
  }
  const outcome = await waitForOutcome(child);
  if (outcome.type === 'started') {
    child.removeAllListeners();
    child.on('error', () => {});
    if (child.connected) child.disconnect();
    child.unref();
    return 0;
  }
  if (outcome.type === 'failed') {
    for (const line of outcome.lines) io.err(line);
    await waitForExit(child, EXIT_WAIT_MS);
    return outcome.exitCode;
  }
  if (outcome.type === 'exited') {
    io.err(`Daemon died status=${outcome.code ?? 1}; see ${logFile}`);
    return outcome.code || 1;
  }
  if (outcome.type === 'error') {
    io.err(`Cannot start the daemon: ${outcome.error.message}`);
    return 1;
  }
  child.kill('SIGKILL');
  io.err(`The daemon did not report its start within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`);
  return 1;
}

function waitForOutcome(child: ChildProcess): Promise<Outcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ type: 'timeout' }), START_TIMEOUT_MS);
    const settle = (outcome: Outcome): void => {
      clearTimeout(timer);
      resolve(outcome);
    };
    child.on('message', (message) => {
      if (isStartReport(message)) settle(message);
    });
    // 'close' rather than 'exit': it comes after the IPC channel has delivered everything the daemon sent.
    child.once('close', (code) => settle({ type: 'exited', code }));
    child.once('error', (error) => settle({ type: 'error', error }));
  });
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
