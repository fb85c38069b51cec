// `up`'s part for LSA: lower nodes start before their upper node (jobs ordered, an upper node waiting for its
// lower nodes' starts), and once all run, the upper node is wired to them (nso/lsa.ts): configured, host keys
// fetched, synced. Lower nodes with netsim devices sync from those first, as NSO's LSA examples do, so the
// upper node's copy of them is current. Wired again only when the upper node or a lower node was started by
// this run, or the wiring changed (state: lsa.wired).
import { createHash } from 'node:crypto';
import { connectAddress } from '../host/port-listening.js';
import type { Plan } from '../model.js';
import { instanceProcessEnv } from '../ncs/instance-process-env.js';
import { runCliScript } from '../ncs/ncs-cli-script.js';
import type { NcsCommand } from '../ncs/ncs-command.js';
import {
  DEVICE_USER,
  failedSyncs,
  type LowerNode,
  lsaLowerCommitQueues,
  lsaNedName,
  lsaSyncCommands,
  lsaUpperConfig,
} from '../nso/lsa.js';
import type { StateDocument } from '../state/state-document.js';
import type { StateStore } from '../state/state-store.js';

/** One CLI script may run this long: sync-from of a lower node with many devices takes a while. */
const SCRIPT_MS = 300_000;

/** How an upper node came out of `up`. */
export interface LsaOutcome {
  upper: string;
  lower: string[];
  /** wired: configured and synced now; kept: wired before and nothing changed; waiting: a node does not run. */
  result: 'wired' | 'kept' | 'waiting' | 'failed';
  reason?: string;
  hint?: string;
}

// The instances in an order that starts every lower node before its upper node (spec order otherwise).
export function lowerNodesFirst(plan: Plan, names: readonly string[]): string[] {
  const lowerOf = new Map(plan.instances.map((i) => [i.name, i.spec.lsa?.lower ?? []]));
  const ordered: string[] = [];
  const visit = (name: string, seen: Set<string>) => {
    if (ordered.includes(name) || seen.has(name)) return;
    seen.add(name);
    for (const lower of lowerOf.get(name) ?? []) if (names.includes(lower)) visit(lower, seen);
    ordered.push(name);
  };
  for (const name of names) visit(name, new Set());
  return ordered;
}

// The lower nodes an instance must wait for before it starts: those among the instances this run starts.
export function lowerNodesOf(plan: Plan, name: string, names: readonly string[]): string[] {
  const spec = plan.instances.find((i) => i.name === name)?.spec;
  return (spec?.lsa?.lower ?? []).filter((lower) => names.includes(lower));
}

interface WireContext {
  store: StateStore;
  plan: Plan;
  names: readonly string[];
  /** The instances this run started. */
  started: ReadonlySet<string>;
  /** The instances that run now (started or already running). */
  running: ReadonlySet<string>;
  ncs: NcsCommand;
  baseEnv: NodeJS.ProcessEnv;
  onWiring?: (upper: string, what: string) => void;
}

// Wires every upper node among the instances asked for.
export async function wireUpperNodes(ctx: WireContext): Promise<LsaOutcome[]> {
  const outcomes: LsaOutcome[] = [];
  for (const instance of ctx.plan.instances) {
    const lower = instance.spec.lsa?.lower;
    if (lower === undefined || !ctx.names.includes(instance.name)) continue;
    outcomes.push(await wireOne(instance.name, lower, ctx));
  }
  return outcomes;
}

async function wireOne(upper: string, lower: string[], ctx: WireContext): Promise<LsaOutcome> {
  const base = { upper, lower };
  const stopped = [upper, ...lower].filter((n) => !ctx.running.has(n));
  if (stopped.length > 0) {
    return {
      ...base,
      result: 'waiting',
      reason: `${upper}: not wired to its lower nodes: ${stopped.join(', ')} not running`,
      hint: `start them: nso-multi up ${[...new Set([upper, ...lower])].join(' ')}`,
    };
  }
  const state = ctx.store.current();
  if (state === undefined) return { ...base, result: 'failed', reason: `${upper}: no state recorded` };
  const nodes = lowerNodes(state, lower);
  const ned = lsaNedName(ctx.plan.nsoVersion);
  const digest = createHash('sha256').update(JSON.stringify({ nodes, ned })).digest('hex');
  const fresh = [upper, ...lower].some((n) => ctx.started.has(n));
  if (!fresh && state.instances[upper]?.lsa?.wired === digest) return { ...base, result: 'kept' };

  const run = (instance: string, input: string) =>
    runCliScript(
      ctx.ncs,
      instanceProcessEnv(ctx.baseEnv, state.instances[instance]!),
      input,
      SCRIPT_MS,
      DEVICE_USER,
    );
  // Lower nodes with devices sync from them first: a sync-from there after the upper node's would leave the
  // upper node out of sync with them.
  for (const name of lower) {
    if (state.instances[name]?.netsim === undefined) continue;
    ctx.onWiring?.(upper, `${name}: devices sync-from`);
    const synced = await run(name, 'devices sync-from\n');
    if ('error' in synced) return failed(base, `${name}: devices sync-from failed: ${synced.error}`);
    if (/result false/.test(synced.output)) {
      return failed(base, `${name}: devices sync-from failed for a device: ${synced.output.trim()}`);
    }
  }
  ctx.onWiring?.(upper, `configuring ${lower.join(', ')} as lower nodes`);
  const configured = await run(upper, lsaUpperConfig(nodes, ned));
  if ('error' in configured)
    return failed(base, `${upper}: the LSA configuration was refused: ${configured.error}`);
  ctx.onWiring?.(upper, `fetching host keys, sync-from ${lower.join(', ')}`);
  const synced = await run(upper, lsaSyncCommands(nodes));
  if ('error' in synced)
    return failed(base, `${upper}: fetching host keys or sync-from failed: ${synced.error}`);
  const failures = failedSyncs(synced.output, nodes);
  if (failures.length > 0) {
    return failed(
      base,
      `${upper}: sync-from ${failures.map((f) => `${f.name} failed: ${f.info}`).join('; ')}`,
    );
  }
  ctx.onWiring?.(upper, `commit queues on in ${lower.join(', ')}`);
  const queues = await run(upper, lsaLowerCommitQueues(nodes));
  if ('error' in queues) return failed(base, `${upper}: the lower nodes' commit queues: ${queues.error}`);
  await ctx.store.update((doc) => {
    const own = doc.instances[upper]?.lsa;
    if (own !== undefined) own.wired = digest;
  });
  return { ...base, result: 'wired' };
}

function failed(base: { upper: string; lower: string[] }, reason: string): LsaOutcome {
  return {
    ...base,
    result: 'failed',
    reason,
    hint: `look at ${base.upper}'s devel.log and the lower nodes' netconf.log; the upper node's CLI: nso-multi exec ${base.upper} -- ncs_cli -u admin -C`,
  };
}

// Each lower node as its upper node reaches it: its NETCONF SSH listener (loopback for a wildcard address).
function lowerNodes(state: StateDocument, lower: readonly string[]): LowerNode[] {
  return lower.map((name) => {
    const listener = state.instances[name]?.listeners.find((l) => l.key === 'netconfSsh');
    const address = listener === undefined ? '127.0.0.1' : connectAddress(listener.address);
    return { name, address, port: listener?.port ?? 0 };
  });
}
