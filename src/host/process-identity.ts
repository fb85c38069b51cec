// Tells whether a recorded process is still the same process: pids are reused, so a pid is checked together
// with its start time (Linux: field 22 of /proc/PID/stat, in clock ticks since boot).
import { readFile } from 'node:fs/promises';

export interface ProcessIdentity {
  pid: number;
  /** Start time as the OS reports it; absent where it cannot be read (then only the pid is checked). */
  startTime?: string;
}

/** Extracts the start time from the text of /proc/PID/stat (the command name may hold spaces and parens). */
export function parseProcStatStartTime(stat: string): string | undefined {
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the name start at field 3 (state); starttime is field 22.
  return afterName[22 - 3];
}

// The start time of a live process, or undefined when it is gone or unreadable.
export async function processStartTime(pid: number): Promise<string | undefined> {
  try {
    return parseProcStatStartTime(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** True when a process with this pid exists (EPERM: it exists but is another user's). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// True when the recorded process still runs (same pid and, where known, same start time); zombies count as gone.
export async function isAlive(identity: ProcessIdentity): Promise<boolean> {
  if (!pidExists(identity.pid)) return false;
  let stat: string;
  try {
    stat = await readFile(`/proc/${identity.pid}/stat`, 'utf8');
  } catch {
    return process.platform !== 'linux';
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  if (state === 'Z' || state === 'X') return false;
  return identity.startTime === undefined || parseProcStatStartTime(stat) === identity.startTime;
}

// Sends a signal to a process group (the daemon was started as its leader); false when none is left.
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  // kill(-1) would signal every process of the user, kill(0) our own group: never for a recorded pid.
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}
