// nso-multi for vitest: a globalSetup that starts the cluster once before the workers and hands its ports
// and env to the tests through provide/inject; and useCluster() for suites that want instances of their own.
import { afterAll, beforeAll, inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import type { ClusterInstance } from './cluster-instance.js';
import {
  type ReuseOptions,
  type StartClusterOptions,
  type StartedCluster,
  startCluster,
} from './start-cluster.js';

/** What the tests get through `inject('nsoMulti')`: plain data about every instance. */
export interface ProvidedCluster {
  instances: ClusterInstance[];
  /** Each HA Raft cluster's leader when the cluster started (cluster → instance); empty without HA Raft. */
  haRaftLeaders: Record<string, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    nsoMulti: ProvidedCluster;
  }
}

export interface SetupClusterOptions extends StartClusterOptions {
  /** Remove the instances' files (CDB, logs, secrets) after the run; default true. */
  purge?: boolean;
}

// For vitest's globalSetup: `export default setupCluster({ config: 'nso-multi.yaml', sim: true })`. The teardown
// it returns stops the cluster after the run, also when tests failed; if vitest itself dies, the watchdog does.
// With `reuse`, the teardown gives the cluster back for the next run instead (its keeper stops it once idle).
export function setupCluster(
  options: SetupClusterOptions = {},
): (project: TestProject) => Promise<() => Promise<void>> {
  return async (project) => {
    const cluster = await startCluster(options);
    project.provide('nsoMulti', {
      instances: cluster.instances,
      haRaftLeaders: { ...cluster.haRaftLeaders },
    });
    return () => cluster.stop({ purge: options.purge !== false });
  };
}

// The cluster provided by setupCluster, in a test: `const { instances } = cluster()`.
export function providedCluster(): ProvidedCluster {
  return inject('nsoMulti');
}

export interface UseClusterOptions extends StartClusterOptions {
  /** Milliseconds the beforeAll and afterAll hooks may take; default the readiness timeout (timeoutMs,
   * default 120 000) plus 30 000 for rendering and stopping. */
  hookTimeoutMs?: number;
}

// Instances of this test file alone (own workdir, so parallel workers and parallel runs never share state):
// started in beforeAll, stopped and purged in afterAll. With `reuse`, the files (and runs) share one cluster
// of the spec instead: taken in beforeAll, given back in afterAll. Call at the top of a test file.
export function useCluster(options: UseClusterOptions): () => StartedCluster {
  let cluster: StartedCluster | undefined;
  const readyMs = options.timeoutMs ?? (options.timeout ?? 120) * 1000;
  const hookMs = options.hookTimeoutMs ?? readyMs + 30_000;
  beforeAll(async () => {
    cluster = await startCluster(options.reuse ? options : { ...options, isolate: true });
  }, hookMs);
  afterAll(async () => {
    await cluster?.stop({ purge: true });
  }, hookMs);
  return () => {
    if (cluster === undefined)
      throw new Error('useCluster(): the cluster starts in beforeAll; use it inside tests');
    return cluster;
  };
}

export type { ClusterInstance, ReuseOptions, StartClusterOptions, StartedCluster };
