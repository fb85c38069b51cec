// The handle startCluster resolves with: the instances of a running cluster as tests see them, its HA Raft
// leaders, reload(), and how it is let go (stopped, or given back to the reuse registry).
import { NsoMultiError } from '../errors.js';
import type { ReloadOptions, ReloadResult } from '../project/reload.js';
import type { UpResult } from '../project/up.js';
import { readState } from '../state/state-file.js';
import { type ClusterInstance, clusterInstance } from './cluster-instance.js';

/** What `reload()` takes: which instances (default all of the cluster's), `build` first, `force`. */
export type ClusterReloadOptions = Pick<ReloadOptions, 'names' | 'build' | 'force' | 'timeoutMs' | 'onEvent'>;

export interface StartedCluster {
  readonly instances: ClusterInstance[];
  /** One instance by name; throws UNKNOWN_INSTANCE for a name the cluster does not have. */
  instance(name: string): ClusterInstance;
  /** The leader of each HA Raft cluster the instances form, by cluster name, as `up` left it (startCluster
   * resolves only once every cluster has one). */
  readonly haRaftLeaders: Readonly<Record<string, string>>;
  /** With `reuse`: true when the cluster was already running (another worker's or an earlier run's). */
  readonly reused: boolean;
  /** The instance that leads an HA Raft cluster now, asked of its nodes (after a failover, the new leader).
   * `cluster` may be left out when the instances form one cluster; rejects when none leads it now. */
  leader(cluster?: string): Promise<ClusterInstance>;
  /** Puts the spec's packages in place and reloads them in the instances (`nso-multi reload`); rejects with
   * BUILD_FAILED or RELOAD_FAILED naming each package that is not up. */
  reload(options?: ClusterReloadOptions): Promise<ReloadResult>;
  /** Stops every instance (idempotent, safe to call concurrently); `purge` also removes their files. With
   * `reuse`, gives the cluster back instead: the last user's leaving starts its idle time. */
  stop(options?: { purge?: boolean }): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Where the cluster's project is, as up, down and reload take it. */
export interface ClusterTarget {
  cwd: string;
  config?: string;
  workdir?: string;
}

// The handle over an `up` result; `stop` is how this cluster is let go.
export async function startedCluster(
  result: UpResult,
  target: ClusterTarget,
  options: { env?: NodeJS.ProcessEnv; reused: boolean; stop: (purge: boolean) => Promise<void> },
): Promise<StartedCluster> {
  const state = await readState(result.stateFile);
  const names = result.outcomes.map((o) => o.name);
  const instances = names.map((name) => clusterInstance(name, state!.instances[name]!));
  // Calls run one after the other; each does only what is still left.
  let chain: Promise<void> = Promise.resolve();
  const stop = (stopOptions: { purge?: boolean } = {}) => {
    chain = chain.then(() => options.stop(stopOptions.purge === true));
    return chain;
  };
  const haRaftLeaders = Object.fromEntries(
    (result.haRaft ?? []).flatMap((c) => (c.result === 'formed' ? [[c.cluster, c.leader] as const] : [])),
  );
  const leader = async (cluster?: string): Promise<ClusterInstance> => {
    const now = await readState(result.stateFile);
    const clusters = [...new Set(instances.flatMap((i) => (i.haRaft ? [i.haRaft.cluster] : [])))];
    const name = cluster ?? (clusters.length === 1 ? clusters[0] : undefined);
    if (now === undefined || name === undefined) {
      throw new NsoMultiError('USAGE', 'leader() needs the HA Raft cluster name', {
        hint: clusters.length > 0 ? `clusters: ${clusters.join(', ')}` : 'no instance has HA Raft on',
      });
    }
    const { leaderNow } = await import('../project/ha-raft-leader-now.js');
    const instance = await leaderNow(now, name);
    return clusterInstance(instance, now.instances[instance]!);
  };
  return {
    instances,
    haRaftLeaders,
    reused: options.reused,
    leader,
    instance(name) {
      const found = instances.find((i) => i.name === name);
      if (!found) {
        throw new NsoMultiError('UNKNOWN_INSTANCE', `the cluster has no instance ${name}`, {
          hint: `instances: ${names.join(', ')}`,
        });
      }
      return found;
    },
    reload: async (reloadOptions = {}) => {
      const { reload } = await import('../project/reload.js');
      return reload({
        ...target,
        ...(target.workdir ? { envDir: target.workdir } : {}),
        ...(options.env ? { env: options.env } : {}),
        ...reloadOptions,
        names: reloadOptions.names ?? names,
      });
    },
    stop,
    [Symbol.asyncDispose]: () => stop(),
  };
}
