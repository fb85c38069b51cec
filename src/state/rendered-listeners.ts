// Reads back from a rendered ncs.conf what render put there: each listener's address and port, and the IPC
// secret's file name. Pure: the text in, plain data out.
import type { Element } from '@xmldom/xmldom';
import { nodeAddressHost } from '../nso/ha-raft-address.js';
import type { ListenerKey, TemplateListenerKey } from '../nso/listeners.js';
import { TEMPLATE_LISTENER_KEYS } from '../nso/listeners.js';
import { NCS_CONFIG_NS } from '../nso/ncs-config-ns.js';
import { TEMPLATE_LISTENER_PLACES } from '../nso/template-listener-places.js';
import { readSnmpAgent } from '../render/snmp-agent-read.js';
import { isSnmpDir } from '../render/snmp-load-path.js';
import { parseXmlStrict } from '../render/xml-parse.js';

/** A listener as the file has it; `enabled` false means NSO will not open it. */
export interface RenderedListener {
  enabled: boolean;
  address: string | undefined;
  port: number | undefined;
}

export interface RenderedConf {
  listeners: Record<ListenerKey, RenderedListener>;
  /** ncs-ipc-access-check/filename when the check is enabled; null when it is off. */
  secretFile: string | null;
}

const PATHS: Record<Exclude<ListenerKey, TemplateListenerKey | 'snmp'>, string[]> = {
  ipc: ['ncs-ipc-address'],
  netconfSsh: ['netconf-north-bound', 'transport', 'ssh'],
  netconfTcp: ['netconf-north-bound', 'transport', 'tcp'],
  cliSsh: ['cli', 'ssh'],
};

// A template listener: on when its interface is enabled and, where it has one, its own switch is.
function extraListener(root: Element | null, key: TemplateListenerKey): RenderedListener {
  const place = TEMPLATE_LISTENER_PLACES[key];
  const container = root === null ? undefined : child(root, place.container);
  const listen = walk(container, place.listenAt);
  const switchElement = walk(container, place.switchAt);
  const switchText = text(switchElement, 'enabled')?.trim();
  const enabled =
    text(container, 'enabled')?.trim() === 'true' &&
    switchElement !== undefined &&
    (switchText === undefined ? place.switchDefault : switchText === 'true');
  if (key === 'haRaft') {
    // HA Raft binds its node address's host, on `port` (6.7) or the range render makes one port wide.
    const nodeAddress = text(listen, 'node-address');
    const address = nodeAddress === undefined ? undefined : nodeAddressHost(nodeAddress);
    return { enabled, address, port: portOf(text(listen, 'port') ?? text(listen, 'min-port')) };
  }
  return { enabled, address: text(listen, 'ip')?.trim(), port: portOf(text(listen, 'port')) };
}

function walk(from: Element | undefined, path: readonly string[]): Element | undefined {
  return path.reduce<Element | undefined>((parent, name) => child(parent, name), from);
}

function child(parent: Element | undefined, name: string): Element | undefined {
  for (let node = parent?.firstChild ?? null; node !== null; node = node.nextSibling) {
    const element = node as Element;
    if (node.nodeType === 1 && element.localName === name && element.namespaceURI === NCS_CONFIG_NS) {
      return element;
    }
  }
  return undefined;
}

function text(element: Element | undefined, name: string): string | undefined {
  const leaf = child(element, name);
  return leaf === undefined ? undefined : (leaf.textContent ?? '');
}

function portOf(value: string | undefined): number | undefined {
  const trimmed = value?.trim();
  if (trimmed === undefined || !/^\d{1,5}$/.test(trimmed)) return undefined;
  const port = Number(trimmed);
  return port >= 1 && port <= 65535 ? port : undefined;
}

// SNMP has no port in ncs.conf: on when the load path has an SNMP dir and the run dir's snmp_init.xml (given
// as text) enables the agent.
function snmpListener(root: Element | null, snmpInit: SnmpInitText | undefined): RenderedListener {
  const off: RenderedListener = { enabled: false, address: undefined, port: undefined };
  const loadPath = root === null ? undefined : child(root, 'load-path');
  const dirs: string[] = [];
  for (let node = loadPath?.firstChild ?? null; node !== null; node = node.nextSibling) {
    const element = node as Element;
    if (node.nodeType === 1 && element.localName === 'dir') dirs.push(element.textContent ?? '');
  }
  if (snmpInit === undefined || !dirs.some(isSnmpDir)) return off;
  const agent = readSnmpAgent(snmpInit.text, snmpInit.file);
  return agent === null ? off : agent;
}

/** The text of the run dir's snmp_init.xml and where it came from. */
export interface SnmpInitText {
  text: string;
  file: string;
}

// Reads the listeners and the secret's file name from ncs.conf text (and the run dir's snmp_init.xml when there
// is one); throws TEMPLATE_INVALID when either is not XML.
export function readRenderedConf(xml: string, file: string, snmpInit?: SnmpInitText): RenderedConf {
  const root = parseXmlStrict(xml, file).doc.documentElement;
  const listeners = {} as Record<ListenerKey, RenderedListener>;
  for (const [key, path] of Object.entries(PATHS) as [keyof typeof PATHS, string[]][]) {
    const element = root === null ? undefined : walk(root, path);
    // The IPC address has no `enabled`: it is always open. The others are on only when the file says so.
    const enabled = element !== undefined && (key === 'ipc' || text(element, 'enabled')?.trim() === 'true');
    const address = text(element, 'ip')?.trim();
    listeners[key] = { enabled, address, port: portOf(text(element, 'port')) };
  }
  for (const key of TEMPLATE_LISTENER_KEYS) listeners[key] = extraListener(root, key);
  listeners.snmp = snmpListener(root, snmpInit);
  const check = root === null ? undefined : child(root, 'ncs-ipc-access-check');
  const secretFile = text(check, 'enabled')?.trim() === 'true' ? (text(check, 'filename') ?? null) : null;
  return { listeners, secretFile };
}
