// `gc`: host-wide clean-up. Stops daemons whose `up` died before finishing (orphans), and frees stale leases:
// those whose owner is dead and whose project no longer runs or assigns the port.

import { isAlive } from '../host/process-identity.js';
import type { Lease } from '../leases/lease.js';
import { splitLeases } from '../leases/lease-ports.js';
import { hostVerdictSources, openLeaseRegistry } from '../leases/lease-registry.js';
import { stopInstanceDevices } from '../ncs/netsim.js';
import { stopInstance } from '../ncs/stop-instance.js';
import { readState } from '../state/state-file.js';
import { openStateStore } from '../state/state-store.js';
import {
  idleExpired,
  listReused,
  readReuse,
  reuseRoot,
  stopReused,
  withReuseLock,
} from './reuse-registry.js';

export interface GcOptions {
  /** Report what would be done, change nothing. */
  dryRun?: boolean;
  leaseDir?: string;
  env?: NodeJS.ProcessEnv;
}

export interface GcOrphan {
  project: string;
  instance: string;
  pid: number;
  /** How it was stopped; undefined in a dry run. */
  how?: string;
}

export interface GcResult {
  dryRun: boolean;
  registry: string;
  /** Stale leases freed (or, in a dry run, that would be). */
  reclaimed: Lease[];
  /** Leases that still hold. */
  kept: number;
  orphans: GcOrphan[];
  /** Reused clusters (startCluster({ reuse })) that were idle past their idle time with no keeper to stop
   * them (or, in a dry run, would be stopped). */
  reused: GcReused[];
}

/** A reused cluster gc stopped. */
export interface GcReused {
  key: string;
  project: string;
  /** Its reuse folder, removed with it. */
  dir: string;
}

// Finds and stops the orphans of one project: daemons recorded with an `up` owner that is gone.
async function collectOrphans(project: string, options: GcOptions): Promise<GcOrphan[]> {
  const state = await readState(project).catch(() => undefined);
  const orphans: GcOrphan[] = [];
  for (const [instance, entry] of Object.entries(state?.instances ?? {})) {
    const runtime = entry.runtime;
    if (!runtime?.upOwner || runtime.status === 'stopped' || (await isAlive(runtime.upOwner))) continue;
    if (!(await isAlive(runtime))) continue;
    const orphan: GcOrphan = { project, instance, pid: runtime.pid };
    if (!options.dryRun) {
      const env = options.env ?? process.env;
      const [how] = await Promise.all([
        stopInstance(entry, { baseEnv: env }),
        stopInstanceDevices(entry, env),
      ]);
      orphan.how = how;
    }
    orphans.push(orphan);
  }
  if (!options.dryRun && orphans.length > 0) {
    const store = await openStateStore(project);
    await store.update((doc) => {
      for (const orphan of orphans) {
        const runtime = doc.instances[orphan.instance]?.runtime;
        if (!runtime) continue;
        runtime.status = 'failed';
        runtime.error = 'orphaned: the `up` that started it died before finishing; stopped by gc';
        delete runtime.upOwner;
      }
    });
  }
  return orphans;
}

// Stops the reused clusters that nobody uses, idle past their time, whose keeper is gone (it died, or the host
// rebooted while the daemons were kept somewhere): what their keeper would have done.
async function collectIdleReused(leaseDir: string, options: GcOptions): Promise<GcReused[]> {
  const out: GcReused[] = [];
  for (const { dir, record } of await listReused(reuseRoot(leaseDir))) {
    if (record.keeper !== undefined && (await isAlive(record.keeper))) continue;
    if (!(await idleExpired(record))) continue;
    const found = { key: record.key, project: record.project, dir };
    if (options.dryRun) {
      out.push(found);
      continue;
    }
    const stopped = await withReuseLock(dir, record.key, REUSE_LOCK_MS, async () => {
      const now = await readReuse(dir);
      if (now === undefined || !(await idleExpired(now))) return false;
      await stopReused(dir, now, options.env ?? process.env);
      return true;
    }).catch(() => false);
    if (stopped) out.push(found);
  }
  return out;
}

/** How long gc waits for a reused cluster's lock; one that stays locked is in use and left alone. */
const REUSE_LOCK_MS = 5000;

// Cleans up after crashed runs on this host (for this user).
export async function gc(options: GcOptions = {}): Promise<GcResult> {
  const registry = openLeaseRegistry(options.leaseDir);
  const projects = [...new Set((await registry.read()).map((l) => l.project))];
  const orphans = (await Promise.all(projects.map((p) => collectOrphans(p, options)))).flat();
  // Before the leases: the ports of a cluster stopped here are freed in the same run.
  const reused = await collectIdleReused(registry.dir, options);
  const summarize = (leases: Lease[], stale: Lease[]): GcResult => ({
    dryRun: options.dryRun === true,
    registry: registry.file,
    reclaimed: stale,
    kept: leases.length - stale.length,
    orphans,
    reused,
  });
  if (options.dryRun) {
    const leases = await registry.read();
    const { stale } = await splitLeases(leases, '', hostVerdictSources);
    return summarize(leases, stale);
  }
  return registry.update(async (leases) => {
    const { held, yielding, stale } = await splitLeases(leases, '', hostVerdictSources);
    return { leases: [...held, ...yielding], result: summarize(leases, stale) };
  });
}
