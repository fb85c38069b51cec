// What a test sees of one running instance: its ports, its environment and its files.
import type { Ports } from '../model.js';
import { LISTENER_KEYS } from '../nso/listeners.js';
import type { InstanceState } from '../state/state-document.js';

export interface ClusterInstance {
  name: string;
  /** A port per listener (IPC, NETCONF, CLI, and Web UI, RESTCONF, call-home, HA when the template enables them); null when off. */
  ports: Ports;
  /** The env file's variables; `instanceProcessEnv(process.env, instance)` lays them over an environment. */
  env: Record<string, string>;
  /** What the env file unsets: variables that would send a client elsewhere or override its secret. */
  unset: string[];
  envFile: string;
  ncsConf: string;
  runDir: string;
  /** An HA Raft node: its cluster and node address. */
  haRaft?: { cluster: string; node: string };
}

// Projects a state entry onto the shape tests use; plain data, so it can cross vitest's provide/inject.
export function clusterInstance(name: string, entry: InstanceState): ClusterInstance {
  return {
    name,
    ports: Object.fromEntries(LISTENER_KEYS.map((key) => [key, entry.ports[key] ?? null])) as Ports,
    env: { ...entry.env },
    unset: [...(entry.unset ?? [])],
    envFile: entry.envFile,
    ncsConf: entry.ncsConf,
    runDir: entry.runDir,
    ...(entry.haRaft ? { haRaft: { ...entry.haRaft } } : {}),
  };
}
