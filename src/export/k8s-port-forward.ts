// How to reach an exported instance from the dev host: `kubectl port-forward` from the ports render allocated
// (the ones the env files name) to the instance's Service, so the env files work unchanged.
import type { ContainerInstance, ContainerPort } from './container-model.js';

/** The commands for one instance, and the ports kubectl cannot forward. */
export interface PortForward {
  instance: string;
  /** One command per host address the listeners are published on (kubectl binds one set per command). */
  commands: string[];
  /** UDP listeners (SNMP): kubectl port-forward carries TCP only. */
  notForwarded: ContainerPort[];
}

// The port-forward commands of one instance whose ClusterIP Service is `service`.
export function portForward(instance: ContainerInstance, service: string, namespace?: string): PortForward {
  const byAddress = new Map<string, ContainerPort[]>();
  const notForwarded: ContainerPort[] = [];
  for (const port of instance.ports) {
    if (port.protocol !== 'tcp') {
      notForwarded.push(port);
      continue;
    }
    const group = byAddress.get(port.hostAddress) ?? [];
    group.push(port);
    byAddress.set(port.hostAddress, group);
  }
  const ns = namespace === undefined ? '' : ` -n ${namespace}`;
  const commands = [...byAddress].map(([address, ports]) => {
    const pairs = ports.map((p) => `${p.hostPort}:${p.containerPort}`).join(' ');
    return `kubectl${ns} port-forward --address ${address} svc/${service} ${pairs}`;
  });
  return { instance: instance.name, commands, notForwarded };
}
