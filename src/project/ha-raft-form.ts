// Makes an HA Raft cluster of running nodes, as NSO documents it: once the first node is connected to every
// other, `ha-raft create-cluster member [ …the others… ]` on it, then wait until a leader is elected and every
// node follows it. A cluster that has members already is left alone: its nodes rejoin by themselves, and up
// only waits until they have. Everything NSO is asked goes through `io`, so this runs against a fake in unit
// tests and against NSO in up.
import { agreedLeader, type HaRaftNodeView, quorum } from '../nso/ha-raft-status.js';

/** One node of the cluster, in spec order. */
export interface ClusterNode {
  instance: string;
  /** Its node address. */
  node: string;
  running: boolean;
}

export interface FormIo {
  /** The node's view, or why it cannot be read. */
  read(instance: string): Promise<HaRaftNodeView | { error: string }>;
  /** Runs create-cluster on `instance` with `members` (node addresses); resolves with NSO's refusal, if any. */
  create(instance: string, members: readonly string[]): Promise<{ refused?: string }>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** How one node of a formed (or failed) cluster stands. */
export interface NodeRole {
  instance: string;
  /** Its role, or null when it does not run or cannot be read. */
  role: HaRaftNodeView['role'] | null;
}

export type FormOutcome =
  /** A leader leads every running node; `created`: this call ran create-cluster. */
  | { result: 'formed'; leader: string; roles: NodeRole[]; created: boolean }
  /** Nothing to do yet: not every node runs and no cluster exists, or too few run to elect a leader. */
  | { result: 'waiting'; reason: string; hint: string; roles: NodeRole[] }
  /** `log`: what the lagging nodes' raft.log ends with (filled in by the caller, which knows the files). */
  | { result: 'failed'; reason: string; hint: string; roles: NodeRole[]; log?: string[] };

/** How often the nodes are asked while waiting (each ask is one ncs_cmd per node). */
export const POLL_MS = 250;

// Forms the cluster `name` of `nodes` (or waits for it to settle) within `timeoutMs`.
export async function formCluster(
  name: string,
  nodes: readonly ClusterNode[],
  io: FormIo,
  timeoutMs: number,
): Promise<FormOutcome> {
  const deadline = io.now() + timeoutMs;
  const running = nodes.filter((n) => n.running);
  const addresses = nodes.map((n) => n.node);
  const instanceOf = (node: string | null) => nodes.find((n) => n.node === node)?.instance ?? node ?? '';
  let views = await readAll(running, io);
  const roles = () => rolesOf(nodes, views);
  const known = [...views.values()].filter(isView);
  const exists = known.some((v) => v.members.length > 0 || v.leader !== null);

  if (!exists) {
    const down = nodes.filter((n) => !n.running);
    if (down.length > 0) {
      return {
        result: 'waiting',
        reason: `cluster ${name} is not created yet: ${names(down)} ${down.length === 1 ? 'does' : 'do'} not run`,
        hint: `start every node of it (\`nso-multi up ${nodes.map((n) => n.instance).join(' ')}\`): up creates the cluster once all run`,
        roles: roles(),
      };
    }
    const [first, ...others] = nodes as [ClusterNode, ...ClusterNode[]];
    const wanted = others.map((n) => n.node);
    // Seed nodes connect on their own; create-cluster wants the members among the first node's connections.
    let connected: string[] = [];
    for (;;) {
      const view = views.get(first.instance);
      connected = view !== undefined && isView(view) ? view.connected : [];
      if (wanted.every((n) => connected.includes(n))) break;
      if (io.now() >= deadline) {
        const missing = others.filter((n) => !connected.includes(n.node));
        return {
          result: 'failed',
          reason: `cluster ${name}: ${first.instance} is not connected to ${names(missing)} after ${seconds(timeoutMs)} (${describeView(view)})`,
          hint: `the nodes reach each other over TLS on their HA Raft ports: see ${first.instance}'s and ${missing[0]!.instance}'s logs/raft.log and logs/ncs.log; \`nso-multi render\` makes missing certificates again`,
          roles: roles(),
        };
      }
      await io.sleep(POLL_MS);
      views = await readAll([first], io);
    }
    const { refused } = await io.create(first.instance, wanted);
    if (refused !== undefined) {
      return {
        result: 'failed',
        reason: `cluster ${name}: ha-raft create-cluster on ${first.instance} was refused: ${refused}`,
        hint: `run it by hand to see more: nso-multi exec ${first.instance} -- ncs_cli -C -u admin`,
        roles: roles(),
      };
    }
    return settle(name, nodes, running, io, deadline, timeoutMs, addresses, instanceOf, true);
  }

  const members = Math.max(...known.map((v) => v.members.length), nodes.length);
  if (running.length < quorum(members)) {
    return {
      result: 'waiting',
      reason: `cluster ${name} has ${running.length} of ${members} members running: a leader needs ${quorum(members)}`,
      hint: `start more of its nodes: nso-multi up ${nodes
        .filter((n) => !n.running)
        .map((n) => n.instance)
        .join(' ')}`,
      roles: roles(),
    };
  }
  return settle(name, nodes, running, io, deadline, timeoutMs, addresses, instanceOf, false);
}

// Waits until the running nodes agree on a leader that is one of them and each follows or leads.
async function settle(
  name: string,
  nodes: readonly ClusterNode[],
  running: readonly ClusterNode[],
  io: FormIo,
  deadline: number,
  timeoutMs: number,
  addresses: readonly string[],
  instanceOf: (node: string | null) => string,
  created: boolean,
): Promise<FormOutcome> {
  for (;;) {
    const views = await readAll(running, io);
    const known = running.map((n) => views.get(n.instance)).filter((v) => v !== undefined && isView(v));
    const leader = known.length === running.length ? agreedLeader(known, addresses) : undefined;
    if (leader !== undefined) {
      return { result: 'formed', leader: instanceOf(leader), roles: rolesOf(nodes, views), created };
    }
    if (io.now() >= deadline) {
      const lagging = running.filter((n) => {
        const v = views.get(n.instance);
        return v === undefined || !isView(v) || (v.role !== 'leader' && v.role !== 'follower');
      });
      const detail = lagging.map((n) => `${n.instance}: ${describeView(views.get(n.instance))}`).join('; ');
      return {
        result: 'failed',
        reason: `cluster ${name} has no leader that every node follows after ${seconds(timeoutMs)}${detail ? ` (${detail})` : ''}`,
        hint: `see logs/raft.log of ${lagging.map((n) => n.instance).join(', ') || 'the nodes'}; a disabled node comes back with \`ha-raft reset\` on it; \`--timeout\` gives the election longer`,
        roles: rolesOf(nodes, views),
      };
    }
    await io.sleep(POLL_MS);
  }
}

type Read = HaRaftNodeView | { error: string };

const isView = (v: Read | undefined): v is HaRaftNodeView => v !== undefined && !('error' in v);

async function readAll(nodes: readonly ClusterNode[], io: FormIo): Promise<Map<string, Read>> {
  const reads = await Promise.all(nodes.map(async (n) => [n.instance, await io.read(n.instance)] as const));
  return new Map(reads);
}

function rolesOf(nodes: readonly ClusterNode[], views: ReadonlyMap<string, Read>): NodeRole[] {
  return nodes.map((n) => {
    const v = views.get(n.instance);
    return { instance: n.instance, role: isView(v) ? v.role : null };
  });
}

function describeView(v: Read | undefined): string {
  if (v === undefined) return 'not running';
  if (!isView(v)) return v.error;
  const reason = v.disableReason ? `: ${v.disableReason}` : '';
  const connected =
    v.connected.length === 0 ? 'connected to no node' : `connected to ${v.connected.join(', ')}`;
  return `role ${v.role}${reason}, ${connected}`;
}

const names = (nodes: readonly ClusterNode[]) => nodes.map((n) => n.instance).join(', ');
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
