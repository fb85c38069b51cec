// LSA (layered service architecture) as NSO's LSA examples wire it: the upper node has each lower node as a
// cluster remote node (device notifications and the cluster commit queue on) and as a device of the LSA NETCONF
// NED of the lower nodes' NSO version, bound to that remote node; host keys fetched, then synced. Pure: the
// CLI input (C-style) that does it.

/** A lower node as its upper node reaches it. */
export interface LowerNode {
  name: string;
  /** Its NETCONF SSH address and port. */
  address: string;
  port: number;
}

/** The LSA NED that speaks to lower nodes of NSO `version` (major.minor), as NSO ships it in packages/lsa. */
export function lsaNedName(version: string): string {
  const [major, minor] = version.split('.');
  return `cisco-nso-nc-${major}.${minor ?? '0'}`;
}

/** The authgroup the upper node logs in to its lower nodes with: admin/admin, the user ncs-setup's initial
 * data gives every node, for whichever local user acts (a default map: NSO's `default` authgroup maps only
 * the local user admin). */
export const LSA_AUTHGROUP = 'nso-multi-lsa';
const REMOTE_USER = 'admin';
const REMOTE_PASSWORD = 'admin';

/** The local user device operations run as: the one NSO's own `default` authgroup maps (netsim devices). */
export const DEVICE_USER = 'admin';

// The configuration of the upper node: remote nodes, device notifications, commit queues, and a device per
// lower node.
export function lsaUpperConfig(lowers: readonly LowerNode[], ned: string): string {
  const lines = [
    'config',
    'cluster device-notifications enabled',
    'cluster commit-queue enabled',
    'devices global-settings commit-queue enabled-by-default true',
    // Remote nodes take their credentials from the cluster's authgroups, devices from the devices' ones.
    `cluster authgroup ${LSA_AUTHGROUP} default-map remote-name ${REMOTE_USER} remote-password ${REMOTE_PASSWORD}`,
    `devices authgroups group ${LSA_AUTHGROUP} default-map remote-name ${REMOTE_USER} remote-password ${REMOTE_PASSWORD}`,
    ...lowers.flatMap((l) => [
      `cluster remote-node ${l.name} address ${l.address} port ${l.port} authgroup ${LSA_AUTHGROUP} username ${REMOTE_USER}`,
      // lsa-remote-node exists only once the device has the LSA NED as its type.
      `devices device ${l.name} device-type netconf ned-id ${ned}`,
      `devices device ${l.name} lsa-remote-node ${l.name}`,
      `devices device ${l.name} authgroup ${LSA_AUTHGROUP}`,
      `devices device ${l.name} state admin-state unlocked`,
    ]),
    'commit',
    'end',
  ];
  return `${lines.join('\n')}\n`;
}

// Fetches the lower nodes' host keys (as remote nodes and as devices) and syncs the upper node from them.
export function lsaSyncCommands(lowers: readonly LowerNode[]): string {
  const lines = lowers.flatMap((l) => [
    `cluster remote-node ${l.name} ssh fetch-host-keys`,
    `devices device ${l.name} ssh fetch-host-keys`,
    `devices device ${l.name} sync-from`,
  ]);
  return `${lines.join('\n')}\n`;
}

// Switches the lower nodes' commit queues on by default, through the upper node (as NSO's LSA examples do once
// the upper node has synced), and waits for the queue to deliver it (`commit-queue sync`).
export function lsaLowerCommitQueues(lowers: readonly LowerNode[]): string {
  const lines = [
    'config',
    ...lowers.map(
      (l) => `devices device ${l.name} config devices global-settings commit-queue enabled-by-default true`,
    ),
    'commit commit-queue sync',
    'end',
  ];
  return `${lines.join('\n')}\n`;
}

// The lower nodes whose sync-from did not succeed, from the output of lsaSyncCommands, with NSO's words.
export function failedSyncs(output: string, lowers: readonly LowerNode[]): { name: string; info: string }[] {
  // Each `sync-from` prints `result true`, or `result false` and an `info` line; fetch-host-keys print
  // `result updated` or `result unchanged`. The results come in command order.
  const results = [...output.matchAll(/^\s*result (\S+)(?:\s*\n\s*info (.*))?/gm)].map((m) => ({
    result: m[1]!,
    info: m[2]?.trim() ?? '',
  }));
  const syncs = results.filter((r) => r.result === 'true' || r.result === 'false');
  return lowers.flatMap((l, i) => {
    const sync = syncs[i];
    if (sync?.result === 'true') return [];
    return [{ name: l.name, info: sync?.info || 'no result from sync-from' }];
  });
}
