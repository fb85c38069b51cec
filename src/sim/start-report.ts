// How a daemonized simulator tells the start command that it started or why it died (over Node's IPC channel).

export type StartReport = { type: 'started' } | { type: 'failed'; exitCode: number; lines: string[] };

/** The hidden flag the start command gives the daemon it spawns. */
export const REPORT_TO_PARENT_FLAG = '--sim-report-to-parent';

// Sends the report to the parent and lets go of the channel, so the daemon no longer depends on its parent.
export function reportToParent(report: StartReport): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    send(report, undefined, undefined, () => {
      if (process.connected) process.disconnect();
      resolve();
    });
  });
}

// Recognises a report among whatever arrives on the channel.
export function isStartReport(message: unknown): message is StartReport {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  if (m.type === 'started') return true;
  return (
    m.type === 'failed' &&
    typeof m.exitCode === 'number' &&
    Array.isArray(m.lines) &&
    m.lines.every((l) => typeof l === 'string')
  );
}
