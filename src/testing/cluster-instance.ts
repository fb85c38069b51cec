// What a test sees of one running instance: its ports, its environment and its files.
import type { InstanceState } from '../state/state-document.js';

export interface ClusterInstance {
  name: string;
  ports: { ipc: number | null; netconfSsh: number | null; netconfTcp: number | null; cliSsh: number | null };
  /** The env file's variables: pass them to child processes (`{ env: { ...process.env, ...instance.env } }`). */
  env: Record<string, string>;
  envFile: string;
  ncsConf: string;
  runDir: string;
}

// Projects a state entry onto the shape tests use; plain data, so it can cross vitest's provide/inject.
export function clusterInstance(name: string, entry: InstanceState): ClusterInstance {
  return {
    name,
    ports: {
      ipc: entry.ports.ipc ?? null,
      netconfSsh: entry.ports.netconfSsh ?? null,
      netconfTcp: entry.ports.netconfTcp ?? null,
      cliSsh: entry.ports.cliSsh ?? null,
    },
    env: { ...entry.env },
    envFile: entry.envFile,
    ncsConf: entry.ncsConf,
    runDir: entry.runDir,
  };
}
