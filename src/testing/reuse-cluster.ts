// startCluster({ reuse }): the cluster of a spec is started once and shared, by the test workers of a run and by
// later runs. It is found by a key from the spec and its files (reuse-key.ts) in a folder of the host-wide
// lease dir; a host-wide lock per key lets one process at a time start, take or give it back; a detached keeper
// stops it once nobody has used it for its idle time, also after its users crashed (project/reuse-keeper.ts).
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { writeFileAtomic } from '../host/atomic-file.js';
import { packageVersion } from '../host/package-version.js';
import { processStartTime } from '../host/process-identity.js';
import { defaultLeaseDir } from '../leases/lease-registry.js';
import { restoreBaselines, saveBaselines } from '../project/config-baseline.js';
import { loadPlanSpec } from '../project/prepare-plan.js';
import { ensureKeeper } from '../project/reuse-keeper.js';
import {
  liveUsers,
  type ReuseRecord,
  type ReuseUser,
  readReuse,
  reuseRoot,
  reuseWorkdir,
  stopReused,
  withReuseLock,
  writeReuse,
} from '../project/reuse-registry.js';
import { type UpResult, up } from '../project/up.js';
import { DEFAULT_REUSE_IDLE_MS, type StartClusterOptions, upOptions } from './cluster-options.js';
import { reuseKey } from './reuse-key.js';
import { type StartedCluster, startedCluster } from './started-cluster.js';

/** Beyond the readiness time, how long a process may wait for another to finish starting the cluster. */
const LOCK_SLACK_MS = 60_000;

// Takes the running cluster of the spec, or starts it; resolves with it once this process is one of its users.
export async function startReusedCluster(options: StartClusterOptions): Promise<StartedCluster> {
  const reuse = typeof options.reuse === 'object' ? options.reuse : {};
  if (reuse.reset === 'config' && options.sim) {
    throw new NsoMultiError(
      'USAGE',
      "reuse.reset 'config' needs a real NSO: the simulator keeps no configuration",
      {
        hint: 'leave out sim, or pass a reset function of your own',
      },
    );
  }
  const env = options.env ?? process.env;
  const leaseDir = defaultLeaseDir(env);
  const root = reuseRoot(leaseDir);
  await mkdir(root, { recursive: true, mode: 0o700 });
  const source = await specSource(options, root);
  const spec = await loadPlanSpec(source);
  const ncs = options.sim ? 'sim' : options.ncs;
  const key = await reuseKey({ spec, names: options.names, ncs, version: packageVersion() });
  const dir = join(root, key);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const workdir = reuseWorkdir(dir);
  const target = { ...source, workdir, leaseDir };
  const readyMs = options.timeoutMs ?? (options.timeout ?? 120) * 1000;
  const lockMs = 2 * readyMs + LOCK_SLACK_MS;
  const startTime = await processStartTime(process.pid);
  const user: ReuseUser = { pid: process.pid, ...(startTime ? { startTime } : {}), token: randomUUID() };

  return withReuseLock(dir, key, lockMs, async () => {
    const before = await readReuse(dir);
    const others = before === undefined ? [] : await liveUsers(before);
    let result: UpResult;
    try {
      // No owner watchdog: the cluster outlives this process; the keeper stops it.
      result = await up({ ...target, envDir: workdir, ...upOptions(options) });
    } catch (error) {
      // Nobody else uses it: leave nothing of it behind.
      if (others.length === 0) await stopReused(dir, recordOf(before, key, target, spec.project, 0), env);
      throw error;
    }
    const record: ReuseRecord = {
      ...recordOf(before, key, target, spec.project, reuse.idleMs ?? DEFAULT_REUSE_IDLE_MS),
      users: [...others, user],
      uses: (before?.uses ?? 0) + 1,
    };
    delete record.idleSince;
    record.keeper = await ensureKeeper(record, dir, env);
    await writeReuse(dir, record);
    const reused = result.outcomes.some((o) => o.result === 'already-running');
    let given = false;
    const cluster = await startedCluster(result, target, {
      ...(options.env ? { env: options.env } : {}),
      reused,
      stop: async () => {
        if (given) return;
        given = true;
        await giveBack(dir, key, user.token, env, lockMs);
      },
    });
    try {
      if (reuse.reset === 'config') {
        const baselines = join(dir, 'baseline');
        const names = result.outcomes.map((o) => o.name);
        // A cluster first taken without 'config' has no baseline yet: the first taker with it saves one.
        const saved = await stat(baselines).then(
          () => true,
          () => false,
        );
        if (reused && saved) await restoreBaselines(result.stateFile, names, baselines, env);
        else await saveBaselines(result.stateFile, names, baselines, env);
      } else if (reuse.reset !== undefined && reused) {
        await reuse.reset(cluster);
      }
    } catch (error) {
      // This process holds the lock: leave without taking it again.
      given = true;
      await leave(dir, user.token, env);
      throw error;
    }
    return cluster;
  });
}

// Leaves the cluster; the last user to leave starts its idle time, or with an idle time of 0 stops it.
async function giveBack(
  dir: string,
  key: string,
  token: string,
  env: NodeJS.ProcessEnv,
  lockMs: number,
): Promise<void> {
  await withReuseLock(dir, key, lockMs, () => leave(dir, token, env));
}

// giveBack's work, for a process that holds the lock.
async function leave(dir: string, token: string, env: NodeJS.ProcessEnv): Promise<void> {
  const record = await readReuse(dir);
  if (record === undefined) return;
  const users = (await liveUsers(record)).filter((u) => u.token !== token);
  if (users.length === 0 && record.idleMs === 0) {
    await stopReused(dir, record, env);
    return;
  }
  const idle = users.length === 0 ? { idleSince: new Date().toISOString() } : {};
  await writeReuse(dir, { ...record, users, ...idle });
}

// The record of the cluster as this process sees it: the earlier one's fields, where there is one.
function recordOf(
  before: ReuseRecord | undefined,
  key: string,
  source: { config: string; cwd: string; leaseDir: string },
  project: string,
  idleMs: number,
): ReuseRecord {
  return {
    ...(before ?? { users: [], uses: 0 }),
    key,
    config: source.config,
    cwd: source.cwd,
    project,
    leaseDir: source.leaseDir,
    idleMs,
  };
}

// The spec file and folder: the file given, or the spec object written where every user of the same object
// finds the same file (into `cwd` when given, as without reuse; else a folder named by the object's hash).
async function specSource(
  options: StartClusterOptions,
  root: string,
): Promise<{ config: string; cwd: string }> {
  const cwd = options.cwd ?? process.cwd();
  if (options.spec === undefined) {
    const config = options.config === undefined ? undefined : resolve(cwd, options.config);
    if (config !== undefined) return { config, cwd };
    const { findProjectSpec } = await import('../state/project-state.js');
    return { config: await findProjectSpec({ cwd }), cwd };
  }
  const text = `${JSON.stringify(options.spec, null, 2)}\n`;
  const folder =
    options.cwd ?? join(root, 'specs', createHash('sha256').update(text).digest('hex').slice(0, 16));
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const config = join(folder, 'nso-multi.cluster.yaml');
  await writeFileAtomic(config, text);
  return { config, cwd: folder };
}
