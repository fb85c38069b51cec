// Settles the template-decided listeners of an instance: the spec's flags where it sets them, else what its
// template enables. Pure: the template's flags come in already scanned.
import { NsoMultiError } from '../errors.js';
import type { ExtraListenerKey, InstanceSpec } from '../model.js';
import { EXTRA_LISTENER_KEYS } from '../model.js';

export const DEFAULT_LISTEN_ADDRESS = '127.0.0.1';

/** The spec key that switches each listener, for messages. */
const SWITCH_KEY: Record<ExtraListenerKey, string> = {
  webuiTcp: 'webui.tcp',
  webuiSsl: 'webui.ssl',
  restconfTcp: 'restconf.tcp',
  restconfSsl: 'restconf.ssl',
  ha: 'ha.enabled',
  callHome: 'callHome.enabled',
  haRaft: 'haRaft.enabled',
};

// What the spec says about a listener: true, false, or undefined when the template decides.
export function specSwitch(instance: InstanceSpec, key: ExtraListenerKey): boolean | undefined {
  switch (key) {
    case 'webuiTcp':
      return instance.webui?.tcp;
    case 'webuiSsl':
      return instance.webui?.ssl;
    case 'restconfTcp':
      return instance.restconf?.tcp;
    case 'restconfSsl':
      return instance.restconf?.ssl;
    case 'ha':
      return instance.ha?.enabled;
    case 'callHome':
      return instance.callHome?.enabled;
    case 'haRaft':
      return instance.haRaft?.enabled;
  }
}

// The address a template-decided listener binds: the spec's, else loopback.
export function extraListenerAddress(instance: InstanceSpec, key: ExtraListenerKey): string {
  const group =
    key === 'webuiTcp' || key === 'webuiSsl'
      ? instance.webui
      : key === 'restconfTcp' || key === 'restconfSsl'
        ? instance.restconf
        : key === 'ha'
          ? instance.ha
          : key === 'haRaft'
            ? instance.haRaft
            : instance.callHome;
  return group?.address ?? DEFAULT_LISTEN_ADDRESS;
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
    const switchKey = SWITCH_KEY[key];
    throw new NsoMultiError(
      'SPEC_INVALID',
      `instance ${instance.name}: a port is pinned for ${key}, but its template ${instance.template} does not enable it`,
      { instance: instance.name, hint: `remove ports.${key}, or set \`${switchKey}: true\`` },
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
