// Reads an instance's recorded ports by allocation key: catalog listeners from `ports`, additional listeners
// (extra-listen / ha-primary-listen entries) from `additionalListeners`.
import type { AllocatedPorts, AllocationKey } from '../model.js';
import type { ListenerKey } from '../nso/listeners.js';
import { LISTENER_KEYS } from '../nso/listeners.js';
import type { InstanceState } from './state-document.js';

const CATALOG: ReadonlySet<string> = new Set(LISTENER_KEYS);

// The port recorded for `key`, or undefined.
export function recordedPort(entry: InstanceState, key: AllocationKey): number | undefined {
  if (CATALOG.has(key)) return entry.ports[key as ListenerKey];
  return entry.additionalListeners?.find((l) => l.id === key)?.port;
}

// Every port recorded for the instance, by allocation key.
export function recordedPorts(entry: InstanceState): AllocatedPorts {
  const ports: AllocatedPorts = { ...entry.ports };
  for (const l of entry.additionalListeners ?? []) ports[l.id] = l.port;
  return ports;
}
