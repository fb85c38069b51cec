// The plan side of additional listeners (extra-listen / ha-primary-listen entries): their allocated ports and
// the env variables that carry them.
import type {
  AdditionalListenerPlan,
  AdditionalListenKind,
  AllocatedPorts,
  InstancePlan,
  InstanceSpec,
} from '../model.js';
import type { ListenerKey } from '../nso/listeners.js';
import { LISTENERS } from '../nso/listeners.js';

const LIST_WORD: Record<AdditionalListenKind, string> = {
  extraListen: 'EXTRA_LISTEN',
  haPrimaryListen: 'HA_PRIMARY_LISTEN',
};

// The variable of an entry, named after its parent's: NSO_MULTI_CLI_SSH_PORT gives
// NSO_MULTI_CLI_SSH_EXTRA_LISTEN_1_PORT for cliSsh.extraListen.1.
export function additionalListenerEnvVar(
  parent: ListenerKey,
  kind: AdditionalListenKind,
  index: number,
): string {
  const parentVar =
    LISTENERS.find((l) => l.key === parent)?.envVar ?? `NSO_MULTI_${parent.toUpperCase()}_PORT`;
  const stem = parentVar.replace(/_PORT$/, '').replace(/^NCS_/, 'NSO_MULTI_');
  return `${stem}_${LIST_WORD[kind]}_${index}_PORT`;
}

// The additional listeners of an instance with the ports the allocator assigned them.
export function additionalListenerPlans(
  instance: InstanceSpec,
  assigned: Readonly<AllocatedPorts>,
): AdditionalListenerPlan[] {
  return (instance.additionalListen ?? []).map((l) => {
    const port = assigned[l.id];
    if (port === undefined) throw new Error(`internal: no port allocated for ${instance.name}.${l.id}`);
    return { ...l, port, envVar: additionalListenerEnvVar(l.parent, l.kind, l.index) };
  });
}

// The env file's variables for an instance's additional listeners, in template order.
export function additionalListenerEnv(
  listeners: readonly AdditionalListenerPlan[] | undefined,
): Record<string, string> {
  return Object.fromEntries((listeners ?? []).map((l) => [l.envVar, String(l.port)]));
}

// Adds to each instance's `unset` the additional listeners' variables other instances export and it does
// not, so sourcing one instance's file after another's leaves no foreign port behind.
export function unsetForeignAdditional(instances: InstancePlan[]): InstancePlan[] {
  const all = new Set(instances.flatMap((i) => (i.additionalListeners ?? []).map((l) => l.envVar)));
  if (all.size === 0) return instances;
  return instances.map((i) => {
    const foreign = [...all].filter((name) => !(name in i.env) && !i.unset.includes(name));
    return foreign.length === 0 ? i : { ...i, unset: [...i.unset, ...foreign] };
  });
}
