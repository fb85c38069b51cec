// IPC off loopback needs the access check: the IPC port has no authentication of its own.
import { isLoopbackAddress } from '../loopback.js';
import type { Rule } from './rule.js';

// Reports an IPC address other than loopback on an instance whose access check is off, unless allowed.
export const ipcNotExposed: Rule = ({ instances, allowInsecureIpc }) => {
  if (allowInsecureIpc) return [];
  return instances.flatMap((view) => {
    const { address, accessCheck, transport } = view.settings.ipc;
    // A Unix socket binds no address: the TCP address is ignored then.
    if (transport === 'unix' || accessCheck.enabled || isLoopbackAddress(address)) return [];
    return [
      {
        path: view.origin(['ipc', 'address']),
        message: `IPC listens on ${address} without the access check: whoever reaches that port controls NSO completely`,
        fix: 'use 127.0.0.1 or ::1, or set `ipc.accessCheck.enabled: true`, or accept the risk with --allow-insecure-ipc',
      },
    ];
  });
};
