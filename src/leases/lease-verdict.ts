// Decides whether a lease still holds. A lease lives as long as its instance's assignment: while the nso-multi
// run that took it is alive, while the instance's daemon runs, or while the project's state still assigns that
// port to that instance (kept across up/down). It is stale once none of these is true — the owner died before
// recording the assignment, the project was purged, its folder deleted, or the port moved.
import { recordedPort, recordedPorts } from '../state/recorded-ports.js';
import type { StateDocument } from '../state/state-document.js';
import type { Lease, LeaseVerdict } from './lease.js';

export interface VerdictSources {
  isAlive(identity: { pid: number; startTime?: string }): Promise<boolean>;
  /** The project's state document, or undefined when it is gone or unreadable. */
  projectState(stateFile: string): Promise<StateDocument | undefined>;
}

// The verdict on one lease.
export async function leaseVerdict(lease: Lease, sources: VerdictSources): Promise<LeaseVerdict> {
  if (await sources.isAlive(lease.owner)) return 'owner-alive';
  const entry = (await sources.projectState(lease.project))?.instances[lease.instance];
  if (entry?.runtime && entry.runtime.status !== 'stopped' && (await sources.isAlive(entry.runtime))) {
    const runningPorts = Object.values(recordedPorts(entry));
    if (runningPorts.includes(lease.port)) return 'running';
  }
  return entry !== undefined && recordedPort(entry, lease.key) === lease.port ? 'assigned' : 'stale';
}

// Caches state reads and liveness checks for one pass over the registry.
export function cachedSources(sources: VerdictSources): VerdictSources {
  const states = new Map<string, Promise<StateDocument | undefined>>();
  return {
    isAlive: sources.isAlive,
    projectState(file) {
      let state = states.get(file);
      if (state === undefined) {
        state = sources.projectState(file);
        states.set(file, state);
      }
      return state;
    },
  };
}
