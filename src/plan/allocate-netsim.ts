// Gives each instance with netsim devices one block of consecutive free ports (see netsim/netsim-ports.ts): the
// earlier block while it is still free, else the first free run of the overflow area. Pure apart from the probe.

import { NsoMultiError } from '../errors.js';
import type { AllocatedPorts, PortLayout, PortMove, PortProbe, PortRange } from '../model.js';
import {
  NETSIM_PORT_KINDS,
  type NetsimPortKey,
  netsimBlockPorts,
  netsimBlockSize,
  netsimKindAt,
  netsimPortKey,
} from '../nso/netsim-ports.js';
import { isGeneratable, overflowPorts } from './candidates.js';
import { probeMany } from './probe-many.js';

/** Netsim devices bind their NETCONF and CLI ports on every address and IPC on loopback: loopback shows both. */
const PROBE_ADDRESS = '127.0.0.1';

export interface NetsimBlockContext {
  layout: PortLayout;
  /** How many instance blocks the layout has (the overflow area starts after them). */
  blocks: number;
  ephemeral: PortRange;
  previous: Readonly<Record<string, Readonly<AllocatedPorts>>>;
  running: ReadonlySet<string>;
  probe: PortProbe;
  concurrency: number;
  /** Not claimed in this run and not held by another project. */
  free(port: number): boolean;
  assign(instance: string, key: NetsimPortKey, port: number): void;
  moves: PortMove[];
}

// Allocates the block of each instance, in the order given.
export async function allocateNetsimBlocks(
  requests: readonly { instance: string; devices: number }[],
  ctx: NetsimBlockContext,
): Promise<void> {
  for (const { instance, devices } of requests) {
    const size = netsimBlockSize(devices);
    const previous = ctx.previous[instance]?.[netsimPortKey('ipc', 0)];
    let start: number | undefined;
    let reason = '';
    if (previous !== undefined) {
      // A running instance's devices hold their own ports: trusted without a probe.
      const check = await blockCheck(previous, devices, ctx, !ctx.running.has(instance));
      if (check === undefined) start = previous;
      else reason = check;
    }
    start ??= await firstFreeBlock(devices, ctx, instance);
    for (const [key, port] of netsimBlockPorts(start, devices)) ctx.assign(instance, key, port);
    if (previous !== undefined && start !== previous) {
      ctx.moves.push({
        instance,
        key: netsimPortKey('ipc', 0),
        from: previous,
        to: start,
        reason: `netsim block ${previous}-${previous + size - 1}: ${reason}`,
      });
    }
  }
}

// Why the block at `start` cannot be used, or undefined when it can.
async function blockCheck(
  start: number,
  devices: number,
  ctx: NetsimBlockContext,
  probe: boolean,
): Promise<string | undefined> {
  const size = netsimBlockSize(devices);
  for (let port = start; port < start + size; port++) {
    if (!isGeneratable(port, ctx.ephemeral)) return `port ${port} may not be generated`;
    if (!ctx.free(port)) return `port ${port} is taken by another listener or project`;
  }
  if (!probe) return undefined;
  const taken = await takenAt(start, devices, ctx);
  return taken === undefined ? undefined : `port ${taken} is in use on this host`;
}

// The first port of the block found in use on the host, or undefined when all are free.
async function takenAt(start: number, devices: number, ctx: NetsimBlockContext): Promise<number | undefined> {
  const size = netsimBlockSize(devices);
  const checks = Array.from({ length: size }, (_, offset) => ({
    address: PROBE_ADDRESS,
    port: start + offset,
    protocol: netsimKindAt(offset, devices) === 'snmp' ? ('udp' as const) : ('tcp' as const),
  }));
  const results = await probeMany(ctx.probe, checks, ctx.concurrency);
  const index = results.findIndex((r) => r !== 'free');
  return index < 0 ? undefined : start + index;
}

// The first run of consecutive free ports of the overflow area long enough for the block.
async function firstFreeBlock(devices: number, ctx: NetsimBlockContext, instance: string): Promise<number> {
  const size = netsimBlockSize(devices);
  let run: number[] = [];
  for (const port of overflowPorts(ctx.layout, ctx.blocks, ctx.ephemeral)) {
    if (!ctx.free(port) || (run.length > 0 && port !== run[run.length - 1]! + 1)) {
      run = ctx.free(port) ? [port] : [];
      continue;
    }
    run.push(port);
    if (run.length < size) continue;
    const taken = await takenAt(run[0]!, devices, ctx);
    if (taken === undefined) return run[0]!;
    run = run.filter((p) => p > taken);
  }
  throw new NsoMultiError(
    'NO_FREE_PORT',
    `no run of ${size} free ports left for the ${devices} netsim devices of ${instance} (${NETSIM_PORT_KINDS.length} ports each)`,
    { instance, hint: 'free some ports, use fewer devices, or change layout.base in the spec' },
  );
}
