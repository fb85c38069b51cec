// Which listener columns a table shows, and their headers: the fixed four always, a template-decided one
// only when some instance has it, so a table without Web UI, RESTCONF, call-home or HA looks as before.
import type { Ports } from '../model.js';
import type { ListenerKey } from '../nso/listeners.js';
import { LISTENERS, TEMPLATE_LISTENER_KEYS } from '../nso/listeners.js';

// SNMP is shown like them: only when some instance runs an agent.
const EXTRAS: ReadonlySet<ListenerKey> = new Set<ListenerKey>([...TEMPLATE_LISTENER_KEYS, 'snmp']);

// The listeners to show as columns, in catalog order.
export function shownListenerKeys(ports: readonly Ports[]): ListenerKey[] {
  return LISTENERS.map((l) => l.key).filter(
    (key) => !EXTRAS.has(key) || ports.some((p) => (p[key] ?? null) !== null),
  );
}

// A column header from the listener's label: "NETCONF SSH" becomes NETCONF-SSH.
export function listenerHeader(key: ListenerKey): string {
  const label = LISTENERS.find((l) => l.key === key)?.label ?? key;
  return label.toUpperCase().replace(/ /g, '-');
}
