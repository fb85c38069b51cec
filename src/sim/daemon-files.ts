// The files a simulated daemon keeps in its run dir: `logs/ncs.log` (appended) and `logs/ncs.pid`.
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Where the log and pid file of the daemon running in `runDir` live.
export function daemonFilePaths(runDir: string): { logsDir: string; logFile: string; pidFile: string } {
  const logsDir = join(runDir, 'logs');
  return { logsDir, logFile: join(logsDir, 'ncs.log'), pidFile: join(logsDir, 'ncs.pid') };
}

/** Appends timestamped lines to the daemon log. Callers never pass the IPC secret. */
export interface DaemonLog {
  write(message: string): void;
}

// Creates `logs/` and returns a log that appends `ISO-time message` lines; a failed write never stops the daemon.
export function openDaemonLog(runDir: string): DaemonLog {
  const { logsDir, logFile } = daemonFilePaths(runDir);
  mkdirSync(logsDir, { recursive: true });
  return {
    write(message: string): void {
      try {
        appendFileSync(logFile, `${new Date().toISOString()} ${message}\n`);
      } catch {
        // The log is for people; losing a line must not take the daemon down.
      }
    },
  };
}

// Records the daemon's pid for tools that must find it (nso-multi signals it if --stop fails).
export function writePidFile(runDir: string, pid: number): void {
  writeFileSync(daemonFilePaths(runDir).pidFile, `${pid}\n`);
}

// Removes the pid file on the way out.
export function removePidFile(runDir: string): void {
  rmSync(daemonFilePaths(runDir).pidFile, { force: true });
}
