// A lease: one port reserved host-wide for one listener of one instance of one project.
import type { AllocationKey } from '../model.js';

export interface Lease {
  port: number;
  /** The project's state file (absolute): identifies the project and where its assignment is recorded. */
  project: string;
  instance: string;
  /** A catalog listener, or an additional listener's id (`cliSsh.extraListen.1`). */
  key: AllocationKey;
  /** The nso-multi process that took the lease, with its start time (pids are reused). */
  owner: { pid: number; startTime?: string };
  since: string;
}

export interface LeaseDocument {
  version: 1;
  leases: Lease[];
}

/** Why a lease still holds, or that it does not. */
export type LeaseVerdict = 'owner-alive' | 'running' | 'assigned' | 'stale';
