// Settles the template-decided listeners of an instance: the spec's flags where it sets them, else what its
// template enables. Pure: the template's flags come in already scanned.
import { NsoMultiError } from '../errors.js';
import type { ExtraListenerKey, InstanceSpec } from '../model.js';
import { EXTRA_LISTENER_KEYS, EXTRA_LISTENER_SWITCHES } from '../model.js';

export const DEFAULT_LISTEN_ADDRESS = '127.0.0.1';

// The spec's group for a listener (e.g. `webui`), read as the shape every group shares.
function groupOf(
  instance: InstanceSpec,
  key: ExtraListenerKey,
): { tcp?: boolean; ssl?: boolean; enabled?: boolean; address: string } | undefined {
  return instance[EXTRA_LISTENER_SWITCHES[key].group];
}

// What the spec says about a listener: true, false, or undefined when the template decides.
export function specSwitch(instance: InstanceSpec, key: ExtraListenerKey): boolean | undefined {
  return groupOf(instance, key)?.[EXTRA_LISTENER_SWITCHES[key].flag];
}

// The address a template-decided listener binds: the spec's, else loopback.
export function extraListenerAddress(instance: InstanceSpec, key: ExtraListenerKey): string {
  return groupOf(instance, key)?.address ?? DEFAULT_LISTEN_ADDRESS;
}

// True when the spec leaves at least one of these listeners to the template, so the template must be scanned.
export function needsTemplateScan(instance: InstanceSpec): boolean {
  return EXTRA_LISTENER_KEYS.some((key) => specSwitch(instance, key) === undefined);
}

// The instance with every template-decided flag set: the spec's where given, else the template's. Throws
// SPEC_INVALID when a port is pinned for a listener that ends up off.
export function settleExtraListeners(
  instance: InstanceSpec,
  template: Readonly<Record<ExtraListenerKey, boolean>>,
): InstanceSpec {
  const on = (key: ExtraListenerKey) => specSwitch(instance, key) ?? template[key];
  for (const key of EXTRA_LISTENER_KEYS) {
    if (instance.ports[key] === undefined || on(key)) continue;
    const { group, flag } = EXTRA_LISTENER_SWITCHES[key];
    throw new NsoMultiError(
      'SPEC_INVALID',
      `instance ${instance.name}: a port is pinned for ${key}, but its template ${instance.template} does not enable it`,
      { instance: instance.name, hint: `remove ports.${key}, or set \`${group}.${flag}: true\`` },
    );
  }
  return {
    ...instance,
    webui: { tcp: on('webuiTcp'), ssl: on('webuiSsl'), address: extraListenerAddress(instance, 'webuiTcp') },
    restconf: {
      tcp: on('restconfTcp'),
      ssl: on('restconfSsl'),
      address: extraListenerAddress(instance, 'restconfTcp'),
    },
    ha: { enabled: on('ha'), address: extraListenerAddress(instance, 'ha') },
    callHome: { enabled: on('callHome'), address: extraListenerAddress(instance, 'callHome') },
    haRaft: { enabled: on('haRaft'), address: extraListenerAddress(instance, 'haRaft') },
  };
}
