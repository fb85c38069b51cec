// Settles the template listeners of an instance: the spec's flags where it sets them, else what its
// template enables. Pure: the template's flags come in already scanned.
import { NsoMultiError } from '../errors.js';
import type { InstanceSpec } from '../model.js';
import type { TemplateListenerKey } from '../nso/listeners.js';
import { TEMPLATE_LISTENER_KEYS, TEMPLATE_LISTENER_SWITCHES } from '../nso/listeners.js';

export const DEFAULT_LISTEN_ADDRESS = '127.0.0.1';

// The spec's group for a listener (e.g. `webui`), read as the shape every group shares.
function groupOf(
  instance: InstanceSpec,
  key: TemplateListenerKey,
): { tcp?: boolean; ssl?: boolean; enabled?: boolean; address: string } | undefined {
  return instance[TEMPLATE_LISTENER_SWITCHES[key].group];
}

// What the spec says about a listener: true, false, or undefined when the template decides.
export function specSwitch(instance: InstanceSpec, key: TemplateListenerKey): boolean | undefined {
  return groupOf(instance, key)?.[TEMPLATE_LISTENER_SWITCHES[key].flag];
}

// The address a template listener binds: the spec's, else loopback.
export function templateListenerAddress(instance: InstanceSpec, key: TemplateListenerKey): string {
  return groupOf(instance, key)?.address ?? DEFAULT_LISTEN_ADDRESS;
}

// True when the spec leaves at least one of these listeners to the template, so the template must be scanned.
export function needsTemplateScan(instance: InstanceSpec): boolean {
  return TEMPLATE_LISTENER_KEYS.some((key) => specSwitch(instance, key) === undefined);
}

// The instance with every template-decided flag set: the spec's where given, else the template's. Throws
// SPEC_INVALID when a port is pinned for a listener that ends up off.
export function settleTemplateListenerChoices(
  instance: InstanceSpec,
  template: Readonly<Record<TemplateListenerKey, boolean>>,
): InstanceSpec {
  const on = (key: TemplateListenerKey) => specSwitch(instance, key) ?? template[key];
  for (const key of TEMPLATE_LISTENER_KEYS) {
    if (instance.ports[key] === undefined || on(key)) continue;
    const { group, flag } = TEMPLATE_LISTENER_SWITCHES[key];
    throw new NsoMultiError(
      'SPEC_INVALID',
      `instance ${instance.name}: a port is pinned for ${key}, but its template ${instance.template} does not enable it`,
      { instance: instance.name, hint: `remove ports.${key}, or set \`${group}.${flag}: true\`` },
    );
  }
  return {
    ...instance,
    webui: {
      tcp: on('webuiTcp'),
      ssl: on('webuiSsl'),
      address: templateListenerAddress(instance, 'webuiTcp'),
    },
    restconf: {
      tcp: on('restconfTcp'),
      ssl: on('restconfSsl'),
      address: templateListenerAddress(instance, 'restconfTcp'),
    },
    ha: { enabled: on('ha'), address: templateListenerAddress(instance, 'ha') },
    callHome: { enabled: on('callHome'), address: templateListenerAddress(instance, 'callHome') },
    haRaft: { enabled: on('haRaft'), address: templateListenerAddress(instance, 'haRaft') },
  };
}
