// Assigns a port to every enabled listener of every instance: pinned ports exactly, earlier assignments kept,
// new ones from the layout. Pure apart from the probe it is given, so it is tested with a fake probe.
import { NsoMultiError } from '../errors.js';
import type {
  AllocatedPorts,
  AllocationKey,
  PortLayout,
  PortMove,
  PortProbe,
  PortRange,
  ProbeResult,
} from '../model.js';
import { LISTENERS, type ListenerProtocol } from '../nso/listeners.js';
import { allocateNetsimBlocks } from './allocate-netsim.js';
import { homePort, isGeneratable } from './candidates.js';
import { firstFree, overflowPool } from './overflow-pool.js';
import { DEFAULT_PROBE_CONCURRENCY, probeMany } from './probe-many.js';

export interface ListenerRequest {
  /** A catalog listener (home slot in the block) or an additional listener's id (overflow area only). */
  key: AllocationKey;
  address: string;
  pinned?: number;
  /** More addresses the same port must be free on (the IPC port's ncs-ipc-extra-listen-ip). */
  alsoOn?: readonly string[];
}

export interface InstanceRequest {
  name: string;
  /** 1-based position in the spec: selects the instance's block of the layout. */
  index: number;
  listeners: ListenerRequest[];
  /** How many netsim devices the instance has: they get one block of consecutive ports (allocate-netsim.ts). */
  netsimDevices?: number;
}

export interface AllocationRequest {
  layout: PortLayout;
  instances: InstanceRequest[];
  /** Ports assigned by an earlier run, by instance and listener. */
  previous: Readonly<Record<string, Readonly<AllocatedPorts>>>;
  ephemeral: PortRange;
  /** Ports that must not be handed out (held by other projects, for instance). */
  reserved?: ReadonlySet<number>;
  /** Ports other projects lease but run nothing on, by project: a pinned port takes one over, a generated port
   * only when nothing else is free; each takeover is reported. */
  yielding?: ReadonlyMap<number, string>;
  /** Instances that are running now: their earlier ports are in use by themselves, so they are not probed. */
  running?: ReadonlySet<string>;
  /** How many probes may run at once. */
  concurrency?: number;
}

export interface AllocationResult {
  ports: Record<string, AllocatedPorts>;
  moves: PortMove[];
  /** Ports taken over from projects that run nothing (see `yielding`). */
  takeovers: PortTakeover[];
}

/** A port taken over from another project's lease while that project runs nothing. */
export interface PortTakeover {
  instance: string;
  key: AllocationKey;
  port: number;
  /** The project that leased it (its state file). */
  project: string;
}

interface Slot {
  instance: InstanceRequest;
  listener: ListenerRequest;
}

/** How each catalog listener binds; additional listeners (not in the catalog) are TCP. */
const PROTOCOLS = new Map<string, ListenerProtocol>(LISTENERS.map((l) => [l.key, l.protocol]));
const protocolOf = (s: Slot): ListenerProtocol => PROTOCOLS.get(s.listener.key) ?? 'tcp';

const slotName = (s: Slot) => `${s.instance.name}.${s.listener.key}`;

function unavailable(slot: Slot): NsoMultiError {
  return new NsoMultiError(
    'ADDRESS_UNAVAILABLE',
    `instance ${slot.instance.name}: ${slot.listener.key} address ${[slot.listener.address, ...(slot.listener.alsoOn ?? [])].join(' or ')} does not exist on this host`,
    {
      instance: slot.instance.name,
      hint: 'use an address of this host (127.0.0.1 for local development), or add the address to an interface',
    },
  );
}

// Allocates every listener's port; throws PINNED_PORT_BUSY naming each pinned port that is in use.
export async function allocatePorts(request: AllocationRequest, probe: PortProbe): Promise<AllocationResult> {
  const concurrency = request.concurrency ?? DEFAULT_PROBE_CONCURRENCY;
  const reserved = request.reserved ?? new Set<number>();
  const yielding = request.yielding ?? new Map<number, string>();
  const takeovers: PortTakeover[] = [];
  const takeOver = (slot: Slot, port: number) => {
    const project = yielding.get(port);
    if (project !== undefined) {
      takeovers.push({ instance: slot.instance.name, key: slot.listener.key, port, project });
    }
  };
  const running = request.running ?? new Set<string>();
  // Maps and sets throughout: with 1000 instances there are 4000 slots, and a scan per slot would be quadratic.
  const claimed = new Map<number, Slot>();
  const ports: AllocationResult['ports'] = {};
  const moves: PortMove[] = [];
  const assign = (slot: Slot, port: number) => {
    claimed.set(port, slot);
    const own = ports[slot.instance.name];
    if (own === undefined) ports[slot.instance.name] = { [slot.listener.key]: port };
    else own[slot.listener.key] = port;
  };
  const free = (port: number) => !claimed.has(port) && !reserved.has(port) && !yielding.has(port);
  // When nothing else is free: a port of a project that runs nothing.
  const freeOrYielding = (port: number) => !claimed.has(port) && !reserved.has(port);

  const slots: Slot[] = request.instances.flatMap((instance) =>
    instance.listeners.map((listener) => ({ instance, listener })),
  );
  const previousOf = (s: Slot) => request.previous[s.instance.name]?.[s.listener.key];
  const trusted = (s: Slot, port: number) => running.has(s.instance.name) && previousOf(s) === port;

  // 1. Pinned ports: used exactly, or the run fails naming each one.
  const pinned = slots.filter((s) => s.listener.pinned !== undefined);
  for (const s of pinned) {
    const port = s.listener.pinned!;
    const owner = claimed.get(port);
    if (owner !== undefined) {
      throw new NsoMultiError(
        'SPEC_INVALID',
        `port ${port} is pinned by both ${slotName(owner)} and ${slotName(s)}`,
        {
          hint: 'give each listener its own port',
        },
      );
    }
    assign(s, port);
  }
  const pinnedToProbe = pinned.filter((s) => !trusted(s, s.listener.pinned!));
  const pinnedResults = await probeMany(
    probe,
    pinnedToProbe.map((s) => ({
      address: s.listener.address,
      port: s.listener.pinned!,
      also: s.listener.alsoOn,
      protocol: protocolOf(s),
    })),
    concurrency,
  );
  const busy: string[] = [];
  pinnedToProbe.forEach((s, i) => {
    if (pinnedResults[i] === 'unavailable') throw unavailable(s);
    const where = `instance ${s.instance.name}: ${s.listener.key} port ${s.listener.pinned} (pinned)`;
    if (reserved.has(s.listener.pinned!)) busy.push(`${where} is leased by another nso-multi project`);
    else if (pinnedResults[i] === 'taken') busy.push(`${where} is in use`);
  });
  // A pinned port leased by a project that runs nothing is taken over (that project moves it later).
  for (const s of pinned) takeOver(s, s.listener.pinned!);
  if (busy.length > 0) {
    throw new NsoMultiError('PINNED_PORT_BUSY', busy.join('\n'), {
      instance: pinnedToProbe[0]?.instance.name,
      hint: 'stop what listens there (`ss -ltnp` shows it; a port leased by another project is freed by `nso-multi down --purge` there), or pin another port, or remove the pin',
    });
  }

  // 2. Earlier assignments are kept while still usable, so a sourced env file stays right.
  const open = slots.filter((s) => s.listener.pinned === undefined);
  const keepable = new Set(
    open.filter((s) => {
      const port = previousOf(s);
      return port !== undefined && free(port) && isGeneratable(port, request.ephemeral);
    }),
  );
  const keepToProbe = [...keepable].filter((s) => !trusted(s, previousOf(s)!));
  const keepResults = await probeMany(
    probe,
    keepToProbe.map((s) => ({
      address: s.listener.address,
      port: previousOf(s)!,
      also: s.listener.alsoOn,
      protocol: protocolOf(s),
    })),
    concurrency,
  );
  const keepFailed = new Map<Slot, ProbeResult>();
  keepToProbe.forEach((s, i) => {
    if (keepResults[i] !== 'free') keepFailed.set(s, keepResults[i]!);
  });
  const rest: Slot[] = [];
  for (const s of open) {
    const port = previousOf(s);
    if (keepable.has(s) && !keepFailed.has(s) && free(port!)) assign(s, port!);
    else if (keepFailed.get(s) === 'unavailable') throw unavailable(s);
    else rest.push(s);
  }

  // 3. The rest from the layout: the home slot first, then the overflow area after the last block.
  const reasonFor = (port: number): string => {
    if (!isGeneratable(port, request.ephemeral)) {
      return port >= request.ephemeral.low && port <= request.ephemeral.high
        ? `port ${port} is in the OS ephemeral range ${request.ephemeral.low}-${request.ephemeral.high}`
        : `port ${port} is reserved (an NSO default or outside ${1024}-65535)`;
    }
    const owner = claimed.get(port);
    if (owner !== undefined) return `port ${port} is assigned to ${slotName(owner)}`;
    if (reserved.has(port)) return `port ${port} is held by another nso-multi project`;
    if (yielding.has(port)) return `port ${port} is leased by another nso-multi project (which runs nothing)`;
    return `port ${port} is in use on this host`;
  };
  const homeCandidates = rest.map((s) => homePort(request.layout, s.instance.index, s.listener.key));
  const homeOk = homeCandidates.map(
    (port) => port !== undefined && isGeneratable(port, request.ephemeral) && free(port),
  );
  const homeChecks = rest.flatMap((s, i) =>
    homeOk[i]
      ? [
          {
            address: s.listener.address,
            port: homeCandidates[i]!,
            also: s.listener.alsoOn,
            protocol: protocolOf(s),
          },
        ]
      : [],
  );
  const homeResults = await probeMany(probe, homeChecks, concurrency);
  let h = 0;
  const displaced: { slot: Slot; wanted: number; reason: string }[] = [];
  const fresh: Slot[] = [];
  rest.forEach((s, i) => {
    const wanted = homeCandidates[i];
    const result = homeOk[i] ? homeResults[h++] : undefined;
    if (result === 'unavailable') throw unavailable(s);
    const previous = previousOf(s);
    const whyNotPrevious = () =>
      keepFailed.has(s) ? `port ${previous} is in use on this host` : reasonFor(previous!);
    if (wanted === undefined) {
      // No home slot (no room in a block): straight to the overflow area, a move only if it had a port before.
      if (previous !== undefined) displaced.push({ slot: s, wanted: previous, reason: whyNotPrevious() });
      else fresh.push(s);
    } else if (result === 'free' && free(wanted)) {
      assign(s, wanted);
      if (previous !== undefined) {
        moves.push({
          instance: s.instance.name,
          key: s.listener.key,
          from: previous,
          to: wanted,
          reason: whyNotPrevious(),
        });
      }
    } else if (previous !== undefined) {
      displaced.push({ slot: s, wanted: previous, reason: whyNotPrevious() });
    } else {
      displaced.push({ slot: s, wanted, reason: reasonFor(wanted) });
    }
  });

  if (displaced.length > 0 || fresh.length > 0) {
    const blocks = Math.max(...request.instances.map((i) => i.index));
    const pool = overflowPool(request.layout, blocks, request.ephemeral);
    const overflowPort = async (slot: Slot) => {
      const find = (p: typeof pool, isFree: (port: number) => boolean) =>
        firstFree(
          p,
          slot.listener.address,
          probe,
          isFree,
          concurrency,
          slot.listener.alsoOn,
          protocolOf(slot),
        );
      let port = await find(pool, free);
      if (port === undefined && yielding.size > 0) {
        // Nothing else is free: the ports of projects that run nothing are the only candidates left.
        const left = [...yielding.keys()]
          .filter((p) => isGeneratable(p, request.ephemeral))
          .sort((a, b) => a - b);
        port = await find({ candidates: left.values() as Generator<number>, unused: [] }, freeOrYielding);
        if (typeof port === 'number') takeOver(slot, port);
      }
      if (port === 'unavailable') throw unavailable(slot);
      if (port === undefined) {
        throw new NsoMultiError('NO_FREE_PORT', `no free port left for ${slotName(slot)}`, {
          instance: slot.instance.name,
          hint: 'free some ports, or change layout.base / layout.stride in the spec',
        });
      }
      return port;
    };
    // Displaced listeners first, in spec order, so their ports do not depend on which listeners have no slot.
    for (const d of displaced) {
      const port = await overflowPort(d.slot);
      assign(d.slot, port);
      moves.push({
        instance: d.slot.instance.name,
        key: d.slot.listener.key,
        from: d.wanted,
        to: port,
        reason: d.reason,
      });
    }
    for (const slot of fresh) assign(slot, await overflowPort(slot));
  }

  // 4. Netsim devices: a block of consecutive ports per instance, after every listener has its port.
  const netsim = request.instances.flatMap((i) =>
    (i.netsimDevices ?? 0) > 0 ? [{ instance: i, devices: i.netsimDevices! }] : [],
  );
  if (netsim.length > 0) {
    const byName = new Map(netsim.map((n) => [n.instance.name, n.instance]));
    await allocateNetsimBlocks(
      netsim.map((n) => ({ instance: n.instance.name, devices: n.devices })),
      {
        layout: request.layout,
        blocks: Math.max(...request.instances.map((i) => i.index)),
        ephemeral: request.ephemeral,
        previous: request.previous,
        running,
        probe,
        concurrency,
        free,
        assign: (instance, key, port) =>
          assign({ instance: byName.get(instance)!, listener: { key, address: '127.0.0.1' } }, port),
        moves,
      },
    );
  }
  return { ports, moves, takeovers };
}
