// What the simulator takes from an ncs.conf: the listeners it binds and the IPC access check.
import type { ListenerKey } from '../nso/listeners.js';

/** A TCP address and port, or a Unix socket path. */
export type Endpoint = { host: string; port: number } | { path: string };

/** One enabled listener; `label` is how `--status` and error messages name it. */
export interface SimListener {
  key: ListenerKey;
  label: string;
  endpoint: Endpoint;
  /** UDP for SNMP's agent; TCP (or a Unix socket) when absent. */
  protocol?: 'udp';
}

export interface SimConfig {
  /** The ncs.conf read, absolute. */
  file: string;
  /** Enabled listeners, the IPC listener first. */
  listeners: SimListener[];
  /** The secret file of the IPC access check, absolute; null when the check is off. */
  accessCheckFile: string | null;
  /** The load-path dirs, expanded and absolute, in file order (where NSO looks for snmp_init.xml). */
  loadPath?: string[];
}

// Prints an endpoint the way NSO's messages do: `127.0.0.1:4569`, or the socket path.
export function formatEndpoint(endpoint: Endpoint): string {
  return 'path' in endpoint ? endpoint.path : `${endpoint.host}:${endpoint.port}`;
}
