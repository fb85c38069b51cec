// The test-suite API: start NSO instances before the tests, get their ports and env, stop them after — also
// when a test fails (`await using`, try/finally) or the test process dies (the owner watchdog).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { down } from '../project/down.js';
import type { ReloadOptions, ReloadResult } from '../project/reload.js';
import { up } from '../project/up.js';
import type { UpEvent } from '../project/up-events.js';
import { readState } from '../state/state-file.js';
import { type ClusterInstance, clusterInstance } from './cluster-instance.js';

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
  onEvent?: (event: UpEvent) => void;
}

export interface StartedCluster {
  readonly instances: ClusterInstance[];
  /** One instance by name; throws UNKNOWN_INSTANCE for a name the cluster does not have. */
  instance(name: string): ClusterInstance;
  /** The leader of each HA Raft cluster the instances form, by cluster name, as `up` left it (startCluster
   * resolves only once every cluster has one). */
  readonly haRaftLeaders: Readonly<Record<string, string>>;
  /** The instance that leads an HA Raft cluster now, asked of its nodes (after a failover, the new leader).
   * `cluster` may be left out when the instances form one cluster; rejects when none leads it now. */
  leader(cluster?: string): Promise<ClusterInstance>;
  /** Puts the spec's packages in place and reloads them in the instances (`nso-multi reload`); rejects with
   * BUILD_FAILED or RELOAD_FAILED naming each package that is not up. */
  reload(options?: ClusterReloadOptions): Promise<ReloadResult>;
  /** Stops every instance (idempotent, safe to call concurrently); `purge` also removes their files. */
  stop(options?: { purge?: boolean }): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** What `reload()` takes: which instances (default all of the cluster's), `build` first, `force`. */
export type ClusterReloadOptions = Pick<ReloadOptions, 'names' | 'build' | 'force' | 'timeoutMs' | 'onEvent'>;

interface Where {
  cwd: string;
  config?: string;
  workdir?: string;
  /** A temp folder this cluster made and removes when it stops. */
  temp?: string;
}

// Where the cluster's project lives: the given spec, or the spec object written to a (temp) folder.
async function projectFolder(options: StartClusterOptions): Promise<Where> {
  const temp =
    options.isolate || (options.spec !== undefined && options.cwd === undefined)
      ? await mkdtemp(join(tmpdir(), 'nso-multi-cluster-'))
      : undefined;
  if (options.spec === undefined) {
    const where: Where = { cwd: options.cwd ?? process.cwd() };
    if (options.config) where.config = options.config;
    if (temp) Object.assign(where, { temp, workdir: temp });
    return where;
  }
  const cwd = options.cwd ?? temp!;
  const config = join(cwd, 'nso-multi.cluster.yaml');
  await writeFile(config, `${JSON.stringify(options.spec, null, 2)}\n`);
  return { cwd, config, ...(temp ? { temp } : {}), ...(temp && options.cwd ? { workdir: temp } : {}) };
}

// Starts the cluster; when a start fails, what was started is stopped before the error is rethrown.
export async function startCluster(options: StartClusterOptions = {}): Promise<StartedCluster> {
  const where = await projectFolder(options);
  const target = {
    cwd: where.cwd,
    ...(where.config ? { config: where.config } : {}),
    ...(where.workdir ? { workdir: where.workdir } : {}),
  };
  let result: Awaited<ReturnType<typeof up>>;
  try {
    result = await up({
      ...target,
      ...(where.workdir ? { envDir: where.workdir } : {}),
      ...(options.names ? { names: options.names } : {}),
      ...(options.sim ? { ncs: 'sim' } : options.ncs ? { ncs: options.ncs } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.timeoutMs
        ? { timeoutMs: options.timeoutMs }
        : options.timeout
          ? { timeoutMs: options.timeout * 1000 }
          : {}),
      ...(options.watchdog === false ? {} : { watchOwner: process.pid }),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.collect ? { collect: options.collect } : {}),
      ...(options.waitPackages ? { waitPackages: true } : {}),
    });
  } catch (error) {
    if (where.temp) {
      await down({ ...target, purge: true }).catch(() => undefined);
      await rm(where.temp, { recursive: true, force: true });
    }
    throw error;
  }
  const state = await readState(result.stateFile);
  const names = result.outcomes.map((o) => o.name);
  const instances = names.map((name) => clusterInstance(name, state!.instances[name]!));

  // Calls run one after the other; each does only what is still left (stop, then maybe purge).
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;
  let purged = false;
  const stop = (stopOptions: { purge?: boolean } = {}) => {
    const purge = stopOptions.purge === true || where.temp !== undefined;
    chain = chain.then(async () => {
      if (purged || (stopped && !purge)) return;
      await down({ ...target, names, purge });
      stopped = true;
      purged = purge;
      if (where.temp) await rm(where.temp, { recursive: true, force: true });
    });
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
        ...(where.workdir ? { envDir: where.workdir } : {}),
        ...(options.env ? { env: options.env } : {}),
        ...reloadOptions,
        names: reloadOptions.names ?? names,
      });
    },
    stop,
    [Symbol.asyncDispose]: () => stop(),
  };
}

// Stops a cluster started elsewhere (another process, an earlier run) from its spec or folder.
export async function stopCluster(
  options: { config?: string; cwd?: string; purge?: boolean } = {},
): Promise<void> {
  await down(options);
}
