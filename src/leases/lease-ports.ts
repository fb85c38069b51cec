// Allocation under the host-wide registry: ports leased by other projects are reserved, stale leases are
// reclaimed on the way, and the plan's ports are leased before the lock is released.

import { processStartTime } from '../host/process-identity.js';
import type { AllocatedPorts, AllocationKey } from '../model.js';
import type { Lease } from './lease.js';
import type { LeaseRegistry } from './lease-registry.js';
import { cachedSources, leaseVerdict, type VerdictSources } from './lease-verdict.js';

export type Assigned = Record<string, AllocatedPorts>;

export interface LeaseSplit {
  /** Leases of other projects that run (or whose nso-multi run is alive): their ports are reserved. */
  held: Lease[];
  /** Leases of other projects that run nothing: they keep those ports stable, but yield them to a pinned
   * port, or to a generated one when nothing else is free. */
  yielding: Lease[];
  stale: Lease[];
}

// Sorts the registry's leases into those of other projects that hold, those that yield, and stale ones; ours
// are dropped (the caller leases its new assignment afresh). A project that runs anything holds all its leases.
export async function splitLeases(
  leases: Lease[],
  project: string,
  sources: VerdictSources,
): Promise<LeaseSplit> {
  const cached = cachedSources(sources);
  const held: Lease[] = [];
  const yielding: Lease[] = [];
  const stale: Lease[] = [];
  const verdicts = await Promise.all(
    leases.map((l) => (l.project === project ? undefined : leaseVerdict(l, cached))),
  );
  const active = new Set(
    leases.filter((_, i) => verdicts[i] === 'owner-alive' || verdicts[i] === 'running').map((l) => l.project),
  );
  leases.forEach((lease, i) => {
    const verdict = verdicts[i];
    if (verdict === 'stale') stale.push(lease);
    else if (verdict === 'assigned' && !active.has(lease.project)) yielding.push(lease);
    else if (verdict !== undefined) held.push(lease);
  });
  return { held, yielding, stale };
}

/** What allocation must keep off: ports held, and ports that yield by the project leasing them. */
export interface LeasedPorts {
  reserved: Set<number>;
  yielding: Map<number, string>;
}

function leasedPorts(split: LeaseSplit): LeasedPorts {
  const reserved = new Set(split.held.map((l) => l.port));
  const yielding = new Map(
    split.yielding.filter((l) => !reserved.has(l.port)).map((l) => [l.port, l.project]),
  );
  return { reserved, yielding };
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

// Runs `allocate` with the ports other projects hold reserved and those that yield marked, under the lock, then
// leases what it assigned.
export async function allocateLeased<T>(
  registry: LeaseRegistry,
  project: string,
  sources: VerdictSources,
  allocate: (leased: LeasedPorts) => Promise<{ result: T; assigned: Assigned }>,
): Promise<LeasedAllocation<T>> {
  return registry.update(async (leases) => {
    const split = await splitLeases(leases, project, sources);
    const { result, assigned } = await allocate(leasedPorts(split));
    const ours = await leasesFor(project, assigned, new Date());
    return {
      leases: [...split.held, ...split.yielding, ...ours],
      result: { result, reclaimed: split.stale },
    };
  });
}

// The ports other projects hold or yield, read without the lock: for `plan`, which writes nothing.
export async function reservedPorts(
  registry: LeaseRegistry,
  project: string,
  sources: VerdictSources,
): Promise<LeasedPorts> {
  return leasedPorts(await splitLeases(await registry.read(), project, sources));
}
