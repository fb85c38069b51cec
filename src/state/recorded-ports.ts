// Reads an instance's recorded ports by allocation key: catalog listeners from `ports`, additional listeners
// (extra-listen / ha-primary-listen entries) from `additionalListeners`, and each netsim device's ports
// (`netsim.<kind>.<device index>`) from `netsim`.
import type { AllocatedPorts, AllocationKey } from '../model.js';
import { NETSIM_PORT_KINDS, netsimPortKey } from '../nso/netsim-ports.js';
import type { InstanceState } from './state-document.js';

// The port recorded for `key`, or undefined.
export function recordedPort(entry: InstanceState, key: AllocationKey): number | undefined {
  return recordedPorts(entry)[key];
}

// Every port recorded for the instance, by allocation key.
export function recordedPorts(entry: InstanceState): AllocatedPorts {
  const ports: AllocatedPorts = { ...entry.ports };
  for (const l of entry.additionalListeners ?? []) ports[l.id] = l.port;
  entry.netsim?.devices.forEach((device, index) => {
    for (const kind of NETSIM_PORT_KINDS) ports[netsimPortKey(kind, index)] = device.ports[kind];
  });
  return ports;
}
