// Child order of /ncs-config/ha-raft and the containers under it (tailf-ncs-config.yang), so elements render
// adds land where a reader of the schema expects them.
import type { ChildOrder } from './ncs-conf-schema-order.js';

export const HA_RAFT_ORDER: ChildOrder = [
  'enabled',
  'cluster-name',
  'listen',
  'seed-nodes',
  'ssl',
  'tick-timeout',
  'storage-timeout',
  'follower-max-lag',
  'log-max-entries',
];

/** ha-raft/listen: 6.2–6.6 have min-port and max-port, 6.7 has port instead (the union). */
export const HA_RAFT_LISTEN_ORDER: ChildOrder = ['node-address', 'min-port', 'max-port', 'port'];

export const HA_RAFT_SEED_NODES_ORDER: ChildOrder = ['seed-node'];

/** A 6.7 seed-node entry: the peer's node address and its port. */
export const HA_RAFT_SEED_NODE_ORDER: ChildOrder = ['address', 'port'];

export const HA_RAFT_SSL_ORDER: ChildOrder = ['enabled', 'key-file', 'cert-file', 'ca-cert-file', 'crl-dir'];
