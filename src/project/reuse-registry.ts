// Clusters kept for reuse (startCluster({ reuse })): one folder per key under `<lease dir>/reuse/`, holding the
// cluster's workdir and reuse.json, which says who uses it now, since when nobody has, and which keeper process
// stops it once it has been idle long enough. Changed only under the key's host-wide lock.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../host/atomic-file.js';
import { withHostLock } from '../host/host-lock.js';
import { isAlive, type ProcessIdentity } from '../host/process-identity.js';
import { STATE_FILE_NAME } from '../model.js';
import { stopInstanceDevices } from '../ncs/netsim.js';
import { stopInstance } from '../ncs/stop-instance.js';
import { readState } from '../state/state-file.js';
import { down } from './down.js';

/** One user of a reused cluster: a process, and a token that tells its users apart (threads share a pid). */
export interface ReuseUser extends ProcessIdentity {
  token: string;
}

/** What reuse.json records of a reused cluster. */
export interface ReuseRecord {
  key: string;
  /** The spec file and the folder it runs from, as `up` got them. */
  config: string;
  cwd: string;
  /** The project's name, for reports. */
  project: string;
  /** The lease registry the cluster's ports are leased in (the folder above the reuse folders). */
  leaseDir: string;
  /** How long the cluster may stay unused before it is stopped. */
  idleMs: number;
  users: ReuseUser[];
  /** Since when nobody uses it (ISO time); absent while somebody does. */
  idleSince?: string;
  /** The process that stops the cluster once it is idle (reuse-keeper.ts). */
  keeper?: ProcessIdentity;
  /** How many times the cluster was taken, the first start included. */
  uses: number;
}

const RECORD = 'reuse.json';

/** The folder of every reused cluster of a lease registry. */
export function reuseRoot(leaseDir: string): string {
  return join(leaseDir, 'reuse');
}

/** The cluster's workdir (and env folder) inside its reuse folder. */
export function reuseWorkdir(dir: string): string {
  return join(dir, 'work');
}

// The record of a reuse folder; undefined when there is none (or it cannot be read: then it is rebuilt).
export async function readReuse(dir: string): Promise<ReuseRecord | undefined> {
  try {
    const data = JSON.parse(await readFile(join(dir, RECORD), 'utf8')) as ReuseRecord;
    return typeof data.key === 'string' && Array.isArray(data.users) ? data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeReuse(dir: string, record: ReuseRecord): Promise<void> {
  await writeFileAtomic(join(dir, RECORD), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

// Runs `fn` holding the key's host-wide lock: one process at a time starts, takes, leaves or stops the cluster.
export function withReuseLock<T>(
  dir: string,
  key: string,
  timeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  return withHostLock(
    {
      name: `nso-multi-reuse-${process.getuid?.() ?? 0}-${key}`,
      dir,
      timeoutMs,
      what: `the reused cluster ${key} (${dir})`,
      hint: 'another test process is starting or stopping it; give it more time (timeoutMs)',
    },
    fn,
  );
}

// The users of a record whose process still runs.
export async function liveUsers(record: ReuseRecord): Promise<ReuseUser[]> {
  const alive = await Promise.all(record.users.map((u) => isAlive(u)));
  return record.users.filter((_, i) => alive[i]);
}

// Every reuse folder with its record (folders without one are left out).
export async function listReused(root: string): Promise<{ dir: string; record: ReuseRecord }[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const out: { dir: string; record: ReuseRecord }[] = [];
  for (const name of names) {
    const dir = join(root, name);
    const record = await readReuse(dir);
    if (record !== undefined) out.push({ dir, record });
  }
  return out;
}

// True when nobody uses the cluster and it has been unused for its idle time.
export async function idleExpired(record: ReuseRecord, now = Date.now()): Promise<boolean> {
  if ((await liveUsers(record)).length > 0) return false;
  const since = record.idleSince === undefined ? 0 : Date.parse(record.idleSince);
  return now - since >= record.idleMs;
}

// Stops the cluster's instances, removes its files and leases, and the reuse folder. Call under the lock. When
// its spec file is gone (down reads it), the daemons the state records are stopped one by one; their leases
// then go stale, and the next allocation or `gc` frees them.
export async function stopReused(dir: string, record: ReuseRecord, env: NodeJS.ProcessEnv): Promise<void> {
  const workdir = reuseWorkdir(dir);
  try {
    await down({ config: record.config, cwd: record.cwd, workdir, purge: true, leaseDir: record.leaseDir });
  } catch {
    const state = await readState(join(workdir, STATE_FILE_NAME)).catch(() => undefined);
    await Promise.all(
      Object.values(state?.instances ?? {}).map(async (entry) => {
        if (entry.runtime === undefined || entry.runtime.status === 'stopped') return;
        await Promise.all([stopInstance(entry, { baseEnv: env }), stopInstanceDevices(entry, env)]);
      }),
    );
  }
  await rm(dir, { recursive: true, force: true });
}
