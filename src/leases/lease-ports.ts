// Allocation under the host-wide registry: ports leased by other projects are reserved, stale leases are
// reclaimed on the way, and the plan's ports are leased before the lock is released.

import { processStartTime } from '../host/process-identity.js';
import type { AllocatedPorts, AllocationKey } from '../model.js';
import type { Lease } from './lease.js';
import type { LeaseRegistry } from './lease-registry.js';
import { cachedSources, leaseVerdict, type VerdictSources } from './lease-verdict.js';

export type Assigned = Record<string, AllocatedPorts>;

export interface LeaseSplit {
  /** Leases of other projects that still hold: their ports are reserved. */
  held: Lease[];
  stale: Lease[];
}

// Sorts the registry's leases into those of other projects that hold, and stale ones; ours are dropped
// (the caller leases its new assignment afresh).
export async function splitLeases(
  leases: Lease[],
  project: string,
  sources: VerdictSources,
): Promise<LeaseSplit> {
  const cached = cachedSources(sources);
  const held: Lease[] = [];
  const stale: Lease[] = [];
  const verdicts = await Promise.all(
    leases.map((l) => (l.project === project ? undefined : leaseVerdict(l, cached))),
  );
  leases.forEach((lease, i) => {
    const verdict = verdicts[i];
    if (verdict === 'stale') stale.push(lease);
    else if (verdict !== undefined) held.push(lease);
  });
  return { held, stale };
}

// The leases that record an assignment for this process.
export async function leasesFor(project: string, assigned: Assigned, now: Date): Promise<Lease[]> {
  const startTime = await processStartTime(process.pid);
  const owner = { pid: process.pid, ...(startTime ? { startTime } : {}) };
  return Object.entries(assigned).flatMap(([instance, ports]) =>
    Object.entries(ports).map(([key, port]) => ({
      port: port as number,
      project,
      instance,
      key: key as AllocationKey,
      owner,
      since: now.toISOString(),
    })),
  );
}

export interface LeasedAllocation<T> {
  result: T;
  reclaimed: Lease[];
}

// Runs `allocate` with the ports other projects hold reserved, under the lock, then leases what it assigned.
export async function allocateLeased<T>(
  registry: LeaseRegistry,
  project: string,
  sources: VerdictSources,
  allocate: (reserved: ReadonlySet<number>) => Promise<{ result: T; assigned: Assigned }>,
): Promise<LeasedAllocation<T>> {
  return registry.update(async (leases) => {
    const { held, stale } = await splitLeases(leases, project, sources);
    const { result, assigned } = await allocate(new Set(held.map((l) => l.port)));
    const ours = await leasesFor(project, assigned, new Date());
    return { leases: [...held, ...ours], result: { result, reclaimed: stale } };
  });
}

// The ports other projects hold, read without the lock: for `plan`, which writes nothing.
export async function reservedPorts(
  registry: LeaseRegistry,
  project: string,
  sources: VerdictSources,
): Promise<Set<number>> {
  const { held } = await splitLeases(await registry.read(), project, sources);
  return new Set(held.map((l) => l.port));
}
