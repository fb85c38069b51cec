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

// Cleans up after crashed runs on this host (for this user).
export async function gc(options: GcOptions = {}): Promise<GcResult> {
  const registry = openLeaseRegistry(options.leaseDir);
  const projects = [...new Set((await registry.read()).map((l) => l.project))];
  const orphans = (await Promise.all(projects.map((p) => collectOrphans(p, options)))).flat();
  const summarize = (leases: Lease[], stale: Lease[]): GcResult => ({
    dryRun: options.dryRun === true,
    registry: registry.file,
    reclaimed: stale,
    kept: leases.length - stale.length,
    orphans,
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
