// Sets the template listeners (Web UI, RESTCONF's own transports, call-home, HA) in an ncs.conf:
// enabled ones get enabled/ip/port like NETCONF and CLI; disabled ones are switched off only where the
// template had them on, so a template's text changes no more than needed.
import type { Element } from '@xmldom/xmldom';
import { HA_RAFT_LISTEN_ORDER, HA_RAFT_ORDER } from '../nso/ha-raft-schema-order.js';
import type { TemplateListenerKey } from '../nso/listeners.js';
import { TEMPLATE_LISTENER_KEYS } from '../nso/listeners.js';
import type { ChildOrder } from '../nso/ncs-conf-schema-order.js';
import {
  CALL_HOME_ORDER,
  CALL_HOME_TCP_ORDER,
  CALL_HOME_TRANSPORT_ORDER,
  HA_ORDER,
  NCS_CONFIG_ORDER,
  RESTCONF_ORDER,
  WEB_LISTENER_ORDER,
  WEB_TRANSPORT_ORDER,
  WEBUI_ORDER,
} from '../nso/ncs-conf-schema-order.js';
import { TEMPLATE_LISTENER_PLACES } from '../nso/template-listener-places.js';
import { elementAt, listenerIsOn } from './template-listeners.js';
import type { XmlEditContext } from './xml-edit.js';
import { ensureChild, leafText, setLeaf } from './xml-edit.js';

/** A template listener to set: on with an address and port, or off. */
export interface TemplateListenerInput {
  enabled: boolean;
  address: string;
  port: number | null;
}

/** Child orders: of the container, of each step of the path to the listening element, of its leaves. */
type Orders = { container: ChildOrder; path: ChildOrder[]; leaves: ChildOrder };

// The TCP and SSL listeners of one web container share its orders.
const webOrders = (container: ChildOrder): Orders => ({
  container,
  path: [container, WEB_TRANSPORT_ORDER],
  leaves: WEB_LISTENER_ORDER,
});

const ORDERS: Record<TemplateListenerKey, Orders> = {
  webuiTcp: webOrders(WEBUI_ORDER),
  webuiSsl: webOrders(WEBUI_ORDER),
  restconfTcp: webOrders(RESTCONF_ORDER),
  restconfSsl: webOrders(RESTCONF_ORDER),
  ha: { container: HA_ORDER, path: [], leaves: HA_ORDER },
  callHome: {
    container: CALL_HOME_ORDER,
    path: [CALL_HOME_ORDER, CALL_HOME_TRANSPORT_ORDER],
    leaves: CALL_HOME_TCP_ORDER,
  },
  // Switched off here like the others; switched on by setHaRaft (ha-raft-listen.ts), as it has no ip.
  haRaft: { container: HA_RAFT_ORDER, path: [HA_RAFT_ORDER], leaves: HA_RAFT_LISTEN_ORDER },
};

function ensurePath(
  ctx: XmlEditContext,
  from: Element,
  path: readonly string[],
  orders: ChildOrder[],
): Element {
  return path.reduce((parent, name, i) => ensureChild(ctx, parent, name, orders[i] ?? []), from);
}

function switchOn(
  ctx: XmlEditContext,
  root: Element,
  key: TemplateListenerKey,
  input: TemplateListenerInput,
): void {
  const place = TEMPLATE_LISTENER_PLACES[key];
  const orders = ORDERS[key];
  const container = ensureChild(ctx, root, place.container, NCS_CONFIG_ORDER);
  if (leafText(ctx, container, 'enabled') !== 'true')
    setLeaf(ctx, container, 'enabled', 'true', orders.container);
  const listen = ensurePath(ctx, container, place.listenAt, orders.path);
  if (place.switchAt.length > 0) setLeaf(ctx, listen, 'enabled', 'true', orders.leaves);
  setLeaf(ctx, listen, 'ip', input.address, orders.leaves);
  if (input.port !== null) setLeaf(ctx, listen, 'port', String(input.port), orders.leaves);
}

function switchOff(ctx: XmlEditContext, root: Element, key: TemplateListenerKey): void {
  if (!listenerIsOn(ctx, root, key)) return;
  const place = TEMPLATE_LISTENER_PLACES[key];
  const container = elementAt(ctx, root, [place.container]);
  const target = elementAt(ctx, container, place.switchAt);
  if (target === null) return;
  const order = place.switchAt.length > 0 ? ORDERS[key].leaves : ORDERS[key].container;
  setLeaf(ctx, target, 'enabled', 'false', order);
}

// Applies every template listener given; the ones switched on first, since switching on a Web UI
// could otherwise bring back a transport an earlier step turned off.
export function setTemplateListeners(
  ctx: XmlEditContext,
  root: Element,
  templateListeners: Partial<Record<TemplateListenerKey, TemplateListenerInput>>,
): void {
  for (const key of TEMPLATE_LISTENER_KEYS) {
    const input = templateListeners[key];
    if (input?.enabled === true && key !== 'haRaft') switchOn(ctx, root, key, input);
  }
  for (const key of TEMPLATE_LISTENER_KEYS) {
    if (templateListeners[key]?.enabled === false) switchOff(ctx, root, key);
  }
}
