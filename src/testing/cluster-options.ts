// What startCluster takes, and the part of it that becomes `up`'s options.
import type { UpOptions } from '../project/up.js';
import type { UpEvent } from '../project/up-events.js';
import type { StartedCluster } from './started-cluster.js';

export interface StartClusterOptions {
  /** The spec file (relative to `cwd`); or give `spec`. */
  config?: string;
  /** The spec as an object (what the YAML would hold); it runs in a fresh temp folder unless `cwd` is given. */
  spec?: Record<string, unknown>;
  cwd?: string;
  /** Instances to start; default all. */
  names?: string[];
  /** Run the bundled simulator instead of NSO. */
  sim?: boolean;
  /** Path of the `ncs` to run (default: the spec's, $NCS_DIR/bin/ncs, ncs on PATH). */
  ncs?: string;
  concurrency?: number;
  /** Milliseconds each instance may take to become ready; default 120 000. */
  timeoutMs?: number;
  /** @deprecated Use timeoutMs: every timeout option is in milliseconds. Seconds, read when timeoutMs is absent. */
  timeout?: number;
  /** Give this cluster its own workdir and env folder in a temp dir (own project, own leases). */
  isolate?: boolean;
  /** Stop the instances if this process dies without stopping them; default true. */
  watchdog?: boolean;
  /** The environment the daemons inherit (plus each instance's own), e.g. with NCS_DIR; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** A folder (relative to the project) to write every instance's logs, ncs.conf and `ncs --status` into
   * after the start, also when it fails: a CI artifact. */
  collect?: string;
  /** Ready means every package's oper-status is up too; a package that is not fails the start, naming it. */
  waitPackages?: boolean;
  /** Take the running cluster of the same spec and files that another test process or an earlier run started,
   * instead of starting one; it is left running for the next user and stopped once idle (ReuseOptions). */
  reuse?: boolean | ReuseOptions;
  onEvent?: (event: UpEvent) => void;
}

/** How a reused cluster is shared. */
export interface ReuseOptions {
  /** How long the cluster keeps running once its last user let it go; default 10 minutes; 0: the last user
   * stops it. A crashed user counts as gone. */
  idleMs?: number;
  /** Runs when this process takes a cluster that was used before, while no other process can take it: put
   * NSO back as the tests expect. Not run on a fresh start. `'config'`: every instance's running configuration
   * is put back as it was right after the cluster started (saved then with ncs_load; real NSO only). */
  reset?: 'config' | ((cluster: StartedCluster) => Promise<void> | void);
}

/** How long a reused cluster keeps running after its last user by default. */
export const DEFAULT_REUSE_IDLE_MS = 10 * 60_000;

// The options of `up` that startCluster passes through (not where the project is, nor the watchdog).
export function upOptions(options: StartClusterOptions): UpOptions {
  return {
    ...(options.names ? { names: options.names } : {}),
    ...(options.sim ? { ncs: 'sim' } : options.ncs ? { ncs: options.ncs } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.timeoutMs
      ? { timeoutMs: options.timeoutMs }
      : options.timeout
        ? { timeoutMs: options.timeout * 1000 }
        : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.collect ? { collect: options.collect } : {}),
    ...(options.waitPackages ? { waitPackages: true } : {}),
  };
}
