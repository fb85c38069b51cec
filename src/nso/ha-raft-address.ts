// HA Raft's listener facts shared by render, the state reader and the simulator: which form of
// ha-raft/listen a target NSO version has, and how a node address (`[id@]host`) splits. Plain strings, no XML.

/** How ha-raft/listen names its port: a min-port..max-port range (6.2–6.6) or a single `port` (6.7+). */
export type HaRaftListenForm = 'range' | 'port';

const FIRST_WITH_PORT = { major: 6, minor: 7 };

/** NSO's defaults when ha-raft/listen gives no port: the range's low end, or the 6.7 port. */
export const HA_RAFT_DEFAULT_MIN_PORT = 4370;
export const HA_RAFT_DEFAULT_PORT = 4570;

// 'port' for NSO 6.7 and later (Distributed Erlang on one fixed port); 'range' for older or unparsable versions,
// as local IPC treats them: the 6.2 schema is the one nso-multi can validate against.
export function haRaftListenForm(version: string): HaRaftListenForm {
  const match = /^\s*v?(\d+)\.(\d+)(?!\d)/.exec(version);
  if (match === null) return 'range';
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const newer =
    major > FIRST_WITH_PORT.major || (major === FIRST_WITH_PORT.major && minor >= FIRST_WITH_PORT.minor);
  return newer ? 'port' : 'range';
}

// The host part of a node address: `ncsd@10.0.0.1` and `10.0.0.1` both give `10.0.0.1`.
export function nodeAddressHost(nodeAddress: string): string {
  const at = nodeAddress.indexOf('@');
  return (at < 0 ? nodeAddress : nodeAddress.slice(at + 1)).trim();
}
