// Where ncs.conf keeps the lists that give a listener more ip:port pairs (tailf-ncs-config.yang, NSO 6.2):
// `extra-listen` and `ha-primary-listen`, each entry keyed by ip and port. Plain data, so that the simulator
// can read it without loading the XML editor.
import type { AdditionalListenerId, AdditionalListenKind } from '../model.js';
import type { ListenerKey } from './listeners.js';

/** The element that holds a listener's ip/port (under /ncs-config) and which of the lists it may carry. */
export interface AdditionalListenerPlace {
  path: readonly string[];
  kinds: readonly AdditionalListenKind[];
}

const BOTH = ['extraListen', 'haPrimaryListen'] as const;

/** The listeners that have such lists; call-home and rule-based HA have `extra-listen` only. */
export const ADDITIONAL_LISTENER_PLACES: Partial<Record<ListenerKey, AdditionalListenerPlace>> = {
  netconfSsh: { path: ['netconf-north-bound', 'transport', 'ssh'], kinds: BOTH },
  netconfTcp: { path: ['netconf-north-bound', 'transport', 'tcp'], kinds: BOTH },
  cliSsh: { path: ['cli', 'ssh'], kinds: BOTH },
  webuiTcp: { path: ['webui', 'transport', 'tcp'], kinds: BOTH },
  webuiSsl: { path: ['webui', 'transport', 'ssl'], kinds: BOTH },
  restconfTcp: { path: ['restconf', 'transport', 'tcp'], kinds: BOTH },
  restconfSsl: { path: ['restconf', 'transport', 'ssl'], kinds: BOTH },
  callHome: { path: ['netconf-call-home', 'transport', 'tcp'], kinds: ['extraListen'] },
  ha: { path: ['ha'], kinds: ['extraListen'] },
};

/** The list's element name in ncs.conf. */
export const ADDITIONAL_LISTENER_ELEMENT: Record<AdditionalListenKind, string> = {
  extraListen: 'extra-listen',
  haPrimaryListen: 'ha-primary-listen',
};

/** The leaf-list of extra IPC addresses: the IPC port, bound on each of them too. */
export const IPC_EXTRA_LISTEN_IP = 'ncs-ipc-extra-listen-ip';

// The stable id of the `index`th (1-based) entry of a listener's list.
export function additionalListenerId(
  parent: ListenerKey,
  kind: AdditionalListenKind,
  index: number,
): AdditionalListenerId {
  return `${parent}.${kind}.${index}`;
}
