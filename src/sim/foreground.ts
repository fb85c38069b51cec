// `ncs --foreground`: run the daemon in this process until --stop, SIGTERM or SIGINT.
import type { DaemonOptions, RunningDaemon } from './daemon.js';
import { startDaemon } from './daemon.js';
import type { SimIo } from './sim-io.js';
import { startFailureLines } from './start-errors.js';
import { reportToParent } from './start-report.js';

// Runs the daemon here; resolves with 0 after a clean stop, or NSO's exit code when the start fails.
// `report` is set in a daemon spawned by `daemonize`: the outcome of the start goes to the parent, not stderr.
export async function runForeground(options: DaemonOptions, io: SimIo, report: boolean): Promise<number> {
  let daemon: RunningDaemon;
  try {
    daemon = await startDaemon(options);
  } catch (error) {
    const failure = startFailureLines(error);
    if (report) await reportToParent({ type: 'failed', exitCode: failure.exitCode, lines: failure.lines });
    else io.out(failure.message);
    return failure.exitCode;
  }
  const onSignal = (signal: NodeJS.Signals): void => daemon.stop(`signal ${signal}`);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    if (report) await reportToParent({ type: 'started' });
    await daemon.stopped;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
  return 0;
}
