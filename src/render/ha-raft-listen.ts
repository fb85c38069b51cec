// Sets HA Raft's listener in an ncs.conf: the node address and port in the form the target NSO version reads,
// and the seed nodes (the other nodes of the cluster). The template's other ha-raft settings stay as they are.
import type { Element } from '@xmldom/xmldom';
import type { HaRaftListenForm } from '../nso/ha-raft-address.js';
import {
  HA_RAFT_LISTEN_ORDER,
  HA_RAFT_ORDER,
  HA_RAFT_SEED_NODE_ORDER,
  HA_RAFT_SEED_NODES_ORDER,
  HA_RAFT_SSL_ORDER,
} from '../nso/ha-raft-schema-order.js';
import { NCS_CONFIG_ORDER } from '../nso/ncs-conf-schema-order.js';
import type { XmlEditContext } from './xml-edit.js';
import { addChild, ensureChild, leafText, onlyChild, removeChildren, setLeaf } from './xml-edit.js';

/** Another node of the cluster: its node address (`id@host`) and the port it listens on. */
export interface HaRaftSeed {
  nodeAddress: string;
  port: number;
}

/** HA Raft switched on for one instance. */
export interface HaRaftInput {
  /** `<node name>@<address>`: distinct per instance, so several nodes can share a host. */
  nodeAddress: string;
  port: number;
  form: HaRaftListenForm;
  /** Replaces the template's seed-node entries; empty removes them. */
  seeds: readonly HaRaftSeed[];
  /** The cluster-name of an ha-raft element render creates; a template's own ha-raft keeps its name. */
  clusterName: string;
  /** The node's TLS files (ha-raft/ssl), which render switches on unless the template has TLS on already. */
  tls?: { caCertFile: string; certFile: string; keyFile: string };
}

// Switches HA Raft on; creates ha-raft when the template has none. TLS: the node's own files when given (without
// TLS the nodes speak unauthenticated Erlang distribution on a port NSO binds on every address), unless the
// template switches TLS on with files of its own; without files it is off, as the schema demands.
export function setHaRaft(ctx: XmlEditContext, root: Element, input: HaRaftInput): void {
  const existing = onlyChild(ctx, root, 'ha-raft');
  const haRaft = existing ?? ensureChild(ctx, root, 'ha-raft', NCS_CONFIG_ORDER);
  if (leafText(ctx, haRaft, 'enabled') !== 'true') setLeaf(ctx, haRaft, 'enabled', 'true', HA_RAFT_ORDER);
  // The nodes of a cluster are those of one cluster-name: the template's, else the project's.
  if (leafText(ctx, haRaft, 'cluster-name') === null) {
    setLeaf(ctx, haRaft, 'cluster-name', input.clusterName, HA_RAFT_ORDER);
  }
  setListen(ctx, haRaft, input);
  setSeeds(ctx, haRaft, input);
  setTls(ctx, haRaft, existing === null, input.tls);
}

function setTls(ctx: XmlEditContext, haRaft: Element, created: boolean, tls: HaRaftInput['tls']): void {
  const current = onlyChild(ctx, haRaft, 'ssl');
  // The template's own TLS stays (enabled defaults to true in the schema), files and all.
  if (current !== null && leafText(ctx, current, 'enabled') !== 'false') return;
  if (tls === undefined) {
    if (created)
      setLeaf(ctx, ensureChild(ctx, haRaft, 'ssl', HA_RAFT_ORDER), 'enabled', 'false', HA_RAFT_SSL_ORDER);
    return;
  }
  const ssl = current ?? ensureChild(ctx, haRaft, 'ssl', HA_RAFT_ORDER);
  setLeaf(ctx, ssl, 'enabled', 'true', HA_RAFT_SSL_ORDER);
  setLeaf(ctx, ssl, 'key-file', tls.keyFile, HA_RAFT_SSL_ORDER);
  setLeaf(ctx, ssl, 'cert-file', tls.certFile, HA_RAFT_SSL_ORDER);
  setLeaf(ctx, ssl, 'ca-cert-file', tls.caCertFile, HA_RAFT_SSL_ORDER);
}

// One port either way: a range of one port before 6.7 (NSO takes a port from the range), `port` from 6.7.
// The other form's leaves go, since each schema rejects the other's.
function setListen(ctx: XmlEditContext, haRaft: Element, input: HaRaftInput): void {
  const listen = ensureChild(ctx, haRaft, 'listen', HA_RAFT_ORDER);
  setLeaf(ctx, listen, 'node-address', input.nodeAddress, HA_RAFT_LISTEN_ORDER);
  const port = String(input.port);
  if (input.form === 'range') {
    removeChildren(ctx, listen, 'port');
    setLeaf(ctx, listen, 'min-port', port, HA_RAFT_LISTEN_ORDER);
    setLeaf(ctx, listen, 'max-port', port, HA_RAFT_LISTEN_ORDER);
  } else {
    removeChildren(ctx, listen, 'min-port');
    removeChildren(ctx, listen, 'max-port');
    setLeaf(ctx, listen, 'port', port, HA_RAFT_LISTEN_ORDER);
  }
}

// Before 6.7 a seed node is a leaf-list entry holding the node address (Erlang's port mapper finds the port);
// 6.7 has no port mapper, so each entry is a list entry with the address and the port.
function setSeeds(ctx: XmlEditContext, haRaft: Element, input: HaRaftInput): void {
  const seedNodes =
    input.seeds.length > 0
      ? ensureChild(ctx, haRaft, 'seed-nodes', HA_RAFT_ORDER)
      : onlyChild(ctx, haRaft, 'seed-nodes');
  if (seedNodes === null) return;
  removeChildren(ctx, seedNodes, 'seed-node');
  for (const seed of input.seeds) {
    const entry = addChild(ctx, seedNodes, 'seed-node', HA_RAFT_SEED_NODES_ORDER);
    if (input.form === 'range') {
      entry.appendChild(ctx.doc.createTextNode(seed.nodeAddress));
    } else {
      setLeaf(ctx, entry, 'address', seed.nodeAddress, HA_RAFT_SEED_NODE_ORDER);
      setLeaf(ctx, entry, 'port', String(seed.port), HA_RAFT_SEED_NODE_ORDER);
    }
  }
}
