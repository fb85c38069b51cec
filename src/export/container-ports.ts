// Which port each listener binds inside an NSO container (NSO's own defaults), and the published port list.
import type { InstancePlan } from '../model.js';
import { HA_RAFT_DEFAULT_MIN_PORT, HA_RAFT_DEFAULT_PORT, haRaftListenForm } from '../nso/ha-raft-address.js';
import type { ListenerKey, ListenerProtocol } from '../nso/listeners.js';
import { LISTENERS } from '../nso/listeners.js';
import type { ContainerPort } from './container-model.js';

/** NSO's standard ports: every container binds these, so the image's defaults and docs apply unchanged. */
const STANDARD_PORTS: Record<Exclude<ListenerKey, 'haRaft'>, number> = {
  ipc: 4569,
  netconfSsh: 2022,
  netconfTcp: 2023,
  cliSsh: 2024,
  webuiTcp: 8080,
  webuiSsl: 8888,
  snmp: 4000,
  restconfTcp: 8009,
  restconfSsl: 8889,
  ha: 4570,
  callHome: 4334,
};

// The port a listener binds inside the container; HA Raft's depends on the NSO version (a port from 6.7 on,
// the low end of the listen range before).
export function containerPortOf(key: ListenerKey, nsoVersion: string): number {
  if (key !== 'haRaft') return STANDARD_PORTS[key];
  return haRaftListenForm(nsoVersion) === 'port' ? HA_RAFT_DEFAULT_PORT : HA_RAFT_DEFAULT_MIN_PORT;
}

const PROTOCOL = new Map<string, ListenerProtocol>(LISTENERS.map((l) => [l.key, l.protocol]));

// Every listener of the instance as a published port: the host port render allocated, on the listener's
// address, forwarded to the standard port inside. Additional listeners keep their number on both sides. HA
// Raft's is left out: only the cluster's other containers speak to it, on their own network.
export function containerPorts(instance: InstancePlan, nsoVersion: string): ContainerPort[] {
  const published = instance.listeners.filter((listener) => listener.key !== 'haRaft');
  const ports: ContainerPort[] = published.map((listener) => ({
    key: listener.key,
    protocol: PROTOCOL.get(listener.key) ?? 'tcp',
    containerPort: containerPortOf(listener.key, nsoVersion),
    hostPort: listener.port,
    hostAddress: listener.address,
  }));
  for (const extra of instance.additionalListeners ?? []) {
    ports.push({
      key: extra.id,
      protocol: 'tcp',
      containerPort: extra.port,
      hostPort: extra.port,
      hostAddress: extra.address,
    });
  }
  return ports;
}
