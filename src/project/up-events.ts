// What `up` reports while it works; adapters (the CLI's task list, a test helper) turn these into output.

import type { Plan } from '../model.js';
import type { Notice } from '../notice.js';
import type { ClusterOutcome } from './ha-raft-up.js';
import type { LsaOutcome } from './lsa-up.js';
import type { NetsimOutcome } from './netsim-up.js';
import type { PackageReload } from './package-reload.js';

export type UpEvent =
  /** `instances`: the ones this run starts (all of the plan's unless names were given), in spec order. */
  | { type: 'planned'; plan: Plan; notices: Notice[]; ncs: string; instances: string[] }
  | { type: 'already-running'; instance: string; pid: number }
  /** `packages`: this start asks NSO to reload its packages (the spec's set changed since the last start). */
  | { type: 'starting'; instance: string; attempt: number; packages?: PackageReload }
  | { type: 'spawned'; instance: string; pid: number }
  /** `waitPackages`: the daemon is up; waiting until every package's oper-status is up. */
  | { type: 'waiting-packages'; instance: string }
  /** `packagesUp`: with `waitPackages`, how many packages are up. */
  | {
      type: 'started';
      instance: string;
      pid: number;
      ms: number;
      packages?: PackageReload;
      packagesUp?: number;
    }
  | { type: 'retrying'; instance: string; reason: string; notices: Notice[] }
  | { type: 'failed'; instance: string; reason: string; log: string[] }
  | { type: 'skipped'; instance: string; reason: string }
  | { type: 'stopping'; instance: string; reason: string }
  | { type: 'stopped'; instance: string; how: string }
  /** An HA Raft cluster is being created or waited for, after the starts. */
  | { type: 'ha-raft-forming'; cluster: string; what: string }
  /** How an HA Raft cluster stands after up: formed with its leader, waiting for nodes, or failed. */
  | { type: 'ha-raft'; outcome: ClusterOutcome }
  /** The simulator has no HA Raft: its nodes start, but no cluster forms. */
  | { type: 'ha-raft-simulated'; clusters: string[] }
  /** An instance's netsim devices after the starts: started, running, loaded into NSO (or what failed). */
  | { type: 'netsim'; outcome: NetsimOutcome }
  /** An LSA upper node is being wired to its lower nodes, after the starts. */
  | { type: 'lsa-wiring'; upper: string; what: string }
  /** How an LSA upper node stands after up: wired, kept as it was, waiting for a node, or failed. */
  | { type: 'lsa'; outcome: LsaOutcome }
  /** `collect`: the diagnostics were written into `dir` (`files` of them). */
  | { type: 'collected'; dir: string; files: number };

/** The outcome of one instance in an `up`. */
export interface InstanceOutcome {
  name: string;
  result: 'started' | 'already-running' | 'failed' | 'skipped';
  pid?: number;
  reason?: string;
  exitCode?: number;
  log?: string[];
  /** Set when the start reloaded NSO's packages. */
  packages?: PackageReload;
}
