// An instance's netsim devices as planned: the network's folder in the run dir, and each device's name, NED and
// ports from the block the allocator gave the instance. Pure.
import { join } from 'node:path';
import type { AllocatedPorts, NetsimDevicePlan, NetsimNetwork, NetsimPlan } from '../model.js';
import { netsimDevicePorts, netsimPortKey } from '../nso/netsim-ports.js';

/** The variable ncs-netsim finds a network by (after ./netsim and the folders above): the env file sets it. */
export const NETSIM_DIR_VAR = 'NETSIM_DIR';

// The total number of devices of the networks.
export function netsimDeviceCount(networks: readonly NetsimNetwork[] | undefined): number {
  return (networks ?? []).reduce((sum, n) => sum + n.count, 0);
}

// The plan of an instance's network, or undefined when it has none. Devices are numbered across the networks
// in spec order, as ncs-netsim numbers them when one create-network call makes them all.
export function netsimPlan(
  networks: readonly NetsimNetwork[] | undefined,
  runDir: string,
  got: Readonly<AllocatedPorts>,
): NetsimPlan | undefined {
  const total = netsimDeviceCount(networks);
  if (networks === undefined || total === 0) return undefined;
  const base = got[netsimPortKey('ipc', 0)];
  if (base === undefined) throw new Error('internal: no netsim ports allocated');
  const devices: NetsimDevicePlan[] = [];
  for (const network of networks) {
    for (let i = 0; i < network.count; i++) {
      devices.push({
        name: `${network.prefix}${i}`,
        prefix: network.prefix,
        ned: network.ned,
        ports: netsimDevicePorts(base, total, devices.length),
      });
    }
  }
  return { dir: join(runDir, 'netsim'), base, devices, networks: networks.map((n) => ({ ...n })) };
}
