// epmd, the Erlang port mapper: NSO starts it (port 4369) when an instance runs HA Raft, which before 6.7 uses
// Erlang distribution. It is shared by every Erlang node of the host and outlives the instances (measured on
// NSO 6.2.5), so `status` and `down` say so rather than leave people wondering who listens on 4369.

import { isListening } from '../host/port-listening.js';
import type { InstanceState } from '../state/state-document.js';

export const EPMD_PORT = 4369;

/** epmd as `status` and `down` report it for a project with HA Raft nodes. */
export interface EpmdStatus {
  port: number;
  listening: boolean;
}

// True when the instance is an HA Raft node (its state records an HA Raft port).
export function isHaRaftNode(entry: InstanceState): boolean {
  return typeof entry.ports.haRaft === 'number';
}

// Whether epmd accepts connections; undefined when none of `entries` is an HA Raft node (then it is not ours
// to mention).
export async function epmdStatus(entries: readonly InstanceState[]): Promise<EpmdStatus | undefined> {
  if (!entries.some(isHaRaftNode)) return undefined;
  return { port: EPMD_PORT, listening: await isListening('127.0.0.1', EPMD_PORT) };
}

/** What `down` adds when epmd still runs after stopping HA Raft nodes. */
export const EPMD_REMAINS_NOTE =
  `epmd (the Erlang port mapper NSO started for HA Raft) still listens on port ${EPMD_PORT}: it outlives the ` +
  'instances and serves every Erlang node on this host. It is harmless; to stop it once no NSO with HA Raft ' +
  'runs here: "$NCS_DIR/lib/ncs/bin/epmd" -kill (it refuses while nodes are registered)';
