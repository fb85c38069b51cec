// Where the template listeners live in ncs.conf (tailf-ncs-config.yang); plain data, so that the
// simulator can read it without loading the XML editor.
import type { TemplateListenerKey } from './listeners.js';

/**
 * Where a listener lives under /ncs-config: `container` is the interface whose own `enabled` (default false
 * for all four) must be true; `switchAt` leads from it to the element whose `enabled` switches this listener
 * (empty: the container's own leaf), with that leaf's default; `listenAt` leads to the element holding ip/port.
 */
export interface ListenerPlace {
  container: string;
  switchAt: readonly string[];
  switchDefault: boolean;
  listenAt: readonly string[];
}

export const TEMPLATE_LISTENER_PLACES: Record<TemplateListenerKey, ListenerPlace> = {
  // webui/transport/tcp/enabled defaults to true: a Web UI with a tcp transport listens on it.
  webuiTcp: {
    container: 'webui',
    switchAt: ['transport', 'tcp'],
    switchDefault: true,
    listenAt: ['transport', 'tcp'],
  },
  webuiSsl: {
    container: 'webui',
    switchAt: ['transport', 'ssl'],
    switchDefault: false,
    listenAt: ['transport', 'ssl'],
  },
  restconfTcp: {
    container: 'restconf',
    switchAt: ['transport', 'tcp'],
    switchDefault: false,
    listenAt: ['transport', 'tcp'],
  },
  restconfSsl: {
    container: 'restconf',
    switchAt: ['transport', 'ssl'],
    switchDefault: false,
    listenAt: ['transport', 'ssl'],
  },
  ha: { container: 'ha', switchAt: [], switchDefault: false, listenAt: [] },
  // Call-home has one switch, netconf-call-home/enabled; transport/tcp holds only ip and port.
  callHome: {
    container: 'netconf-call-home',
    switchAt: [],
    switchDefault: false,
    listenAt: ['transport', 'tcp'],
  },
  // HA Raft has one switch, ha-raft/enabled; ha-raft/listen holds a node address and port(s), not ip/port.
  haRaft: { container: 'ha-raft', switchAt: [], switchDefault: false, listenAt: ['listen'] },
};
