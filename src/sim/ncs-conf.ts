// Reads an ncs.conf the way NSO does for the parts the simulator needs, applying the schema defaults.
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import {
  HA_RAFT_DEFAULT_MIN_PORT,
  HA_RAFT_DEFAULT_PORT,
  haRaftListenForm,
  nodeAddressHost,
} from '../nso/ha-raft-address.js';
import type { ListenerKey } from '../nso/listeners.js';
import { LISTENERS, TEMPLATE_LISTENER_KEYS, type TemplateListenerKey } from '../nso/listeners.js';
import { TEMPLATE_LISTENER_PLACES } from '../nso/template-listener-places.js';
import { isWildcardAddress } from '../nso/wildcard-address.js';
import { addAdditionalListeners, type ConfReader } from './additional-listeners.js';
import { expandVars } from './expand-vars.js';
import type { SimConfig, SimListener } from './sim-config.js';
import { badConfig } from './start-errors.js';
import { simVersion } from './version.js';
import { readXml, textContent, type XmlElement, XmlSyntaxError } from './xml-reader.js';

export const NCS_CONFIG_NS = 'http://tail-f.com/yang/tailf-ncs-config';
export const DEFAULT_LOCAL_IPC_PATH = '/tmp/nso/nso-ipc';

export interface ReadNcsConfOptions {
  /** The file the text came from, absolute; used in messages. */
  file: string;
  /** The daemon's working directory; relative paths in the file resolve against it. */
  runDir: string;
  env: NodeJS.ProcessEnv;
}

// Turns ncs.conf text into the simulator's config; throws `Bad configuration` errors (exit 21).
export function parseNcsConf(xml: string, options: ReadNcsConfOptions): SimConfig {
  const root = parseXml(xml, options.file);
  if (root.localName !== 'ncs-config' || root.namespaceURI !== NCS_CONFIG_NS) {
    throw badConfig(
      `${options.file}: the root element must be <ncs-config xmlns="${NCS_CONFIG_NS}">, found <${root.qname}>`,
    );
  }
  checkAllText(root, '/ncs-config', options);

  const ipc = ipcListener(root, options);
  const listeners: SimListener[] = [ipc];
  const netconf = child(root, 'netconf-north-bound');
  const netconfOn = flag(netconf, 'enabled', true, '/ncs-config/netconf-north-bound', options);
  const transport = child(netconf, 'transport');
  const base = '/ncs-config/netconf-north-bound/transport';
  const tcpDefaults = { host: '0.0.0.0', on: true };
  addTcp(
    listeners,
    'netconfSsh',
    child(transport, 'ssh'),
    `${base}/ssh`,
    { ...tcpDefaults, port: 2022 },
    netconfOn,
    options,
  );
  addTcp(
    listeners,
    'netconfTcp',
    child(transport, 'tcp'),
    `${base}/tcp`,
    { ...tcpDefaults, port: 2023, on: false },
    netconfOn,
    options,
  );
  const cli = child(root, 'cli');
  const cliOn = flag(cli, 'enabled', true, '/ncs-config/cli', options);
  addTcp(
    listeners,
    'cliSsh',
    child(cli, 'ssh'),
    '/ncs-config/cli/ssh',
    { ...tcpDefaults, port: 2024 },
    cliOn,
    options,
  );

  addTemplateListeners(listeners, root, options);
  addAdditionalListeners(listeners, root, simConfReader(options));

  // Local IPC authenticates clients by their Unix UID, so NSO applies the access check to TCP IPC only.
  const check = accessCheckFile(root, options);
  return {
    file: options.file,
    listeners,
    accessCheckFile: 'path' in ipc.endpoint ? null : check,
    loadPath: loadPathDirs(root, options),
  };
}

// The load-path dirs with `${VAR}` expanded, relative ones resolved against the working directory.
function loadPathDirs(root: XmlElement, o: ReadNcsConfOptions): string[] {
  const loadPath = child(root, 'load-path');
  if (loadPath === null) return [];
  const dirs: string[] = [];
  for (const node of loadPath.children) {
    if (typeof node === 'string' || node.localName !== 'dir' || node.namespaceURI !== NCS_CONFIG_NS) continue;
    const expanded = expandVars(textContent(node), o.env);
    const dir = 'value' in expanded ? expanded.value.trim() : '';
    if (dir !== '') dirs.push(resolve(o.runDir, dir));
  }
  return dirs;
}

function parseXml(xml: string, file: string): XmlElement {
  try {
    return readXml(xml);
  } catch (error) {
    const reason = error instanceof XmlSyntaxError ? error.message : String(error);
    throw badConfig(`${file}: not well-formed XML: ${reason}`, error);
  }
}

// Every text value must expand, also in elements the simulator does not use: NSO rejects the whole file.
function checkAllText(element: XmlElement, path: string, options: ReadNcsConfOptions): void {
  for (const node of element.children) {
    if (typeof node !== 'string') {
      checkAllText(node, `${path}/${node.localName}`, options);
      continue;
    }
    const expanded = expandVars(node, options.env);
    if ('undefinedVariable' in expanded) {
      const name = expanded.undefinedVariable.name;
      throw badConfig(`${options.file}: ${path}: environment variable ${name} is not set (in "\${${name}}")`);
    }
  }
}

function child(parent: XmlElement | null, name: string): XmlElement | null {
  if (parent === null) return null;
  for (const node of parent.children) {
    if (typeof node !== 'string' && node.localName === name && node.namespaceURI === NCS_CONFIG_NS)
      return node;
  }
  return null;
}

function text(parent: XmlElement | null, name: string, o: ReadNcsConfOptions): string | null {
  const el = child(parent, name);
  if (el === null) return null;
  const expanded = expandVars(textContent(el), o.env);
  return 'value' in expanded ? expanded.value.trim() : null;
}

function flag(
  parent: XmlElement | null,
  name: string,
  fallback: boolean,
  path: string,
  o: ReadNcsConfOptions,
): boolean {
  const value = text(parent, name, o);
  if (value === null) return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  throw badConfig(`${o.file}: ${path}/${name}: "${value}" is not a boolean (true or false)`);
}

function ip(parent: XmlElement | null, fallback: string, path: string, o: ReadNcsConfOptions): string {
  const value = text(parent, 'ip', o);
  if (value === null) return fallback;
  if (isIP(value) !== 0) return value;
  throw badConfig(`${o.file}: ${path}/ip: "${value}" is not an IP address`);
}

function port(
  parent: XmlElement | null,
  fallback: number,
  path: string,
  o: ReadNcsConfOptions,
  name = 'port',
): number {
  const value = text(parent, name, o);
  if (value === null) return fallback;
  if (/^\d{1,5}$/.test(value) && Number(value) <= 65535) return Number(value);
  throw badConfig(`${o.file}: ${path}/${name}: "${value}" is not a port number (0..65535)`);
}

function label(key: ListenerKey): string {
  return LISTENERS.find((l) => l.key === key)?.label ?? key;
}

function ipcListener(root: XmlElement, o: ReadNcsConfOptions): SimListener {
  const local = child(root, 'ncs-local-ipc');
  if (flag(local, 'enabled', false, '/ncs-config/ncs-local-ipc', o)) {
    // As in NSO, NCS_IPC_PATH overrides the configured socket path at start.
    const path = o.env.NCS_IPC_PATH || text(local, 'path', o) || DEFAULT_LOCAL_IPC_PATH;
    return { key: 'ipc', label: label('ipc'), endpoint: { path: resolve(o.runDir, path) } };
  }
  const address = child(root, 'ncs-ipc-address');
  const path = '/ncs-config/ncs-ipc-address';
  const endpoint = { host: ip(address, '127.0.0.1', path, o), port: port(address, 4569, path, o) };
  return { key: 'ipc', label: label('ipc'), endpoint };
}

function addTcp(
  listeners: SimListener[],
  key: ListenerKey,
  element: XmlElement | null,
  path: string,
  defaults: { host: string; port: number; on: boolean },
  parentOn: boolean,
  o: ReadNcsConfOptions,
): void {
  // Values are checked even when the listener is off, as a schema-validating reader would.
  const on = flag(element, 'enabled', defaults.on, path, o);
  const endpoint = { host: ip(element, defaults.host, path, o), port: port(element, defaults.port, path, o) };
  if (on && parentOn) listeners.push({ key, label: label(key), endpoint });
}

function accessCheckFile(root: XmlElement, o: ReadNcsConfOptions): string | null {
  const check = child(root, 'ncs-ipc-access-check');
  if (check === null) return null;
  const path = '/ncs-config/ncs-ipc-access-check';
  const filename = text(check, 'filename', o);
  // The schema makes `filename` mandatory in this presence container, even with the check off.
  if (!filename) throw badConfig(`${o.file}: ${path}/filename is mandatory`);
  return flag(check, 'enabled', false, path, o) ? resolve(o.runDir, filename) : null;
}

/** NSO's default ports of the template listeners, used when the file gives none. */
const TEMPLATE_LISTENER_DEFAULT_PORTS: Record<TemplateListenerKey, number> = {
  webuiTcp: 8008,
  webuiSsl: 8888,
  restconfTcp: 8009,
  restconfSsl: 8889,
  ha: 4570,
  callHome: 4334,
  haRaft: HA_RAFT_DEFAULT_MIN_PORT,
};

// The Web UI, RESTCONF, call-home and HA listeners: each interface's `enabled` (default false) gates its
// transports; a transport's presence container must be there for it to listen.
function addTemplateListeners(listeners: SimListener[], root: XmlElement, o: ReadNcsConfOptions): void {
  for (const key of TEMPLATE_LISTENER_KEYS) {
    const place = TEMPLATE_LISTENER_PLACES[key];
    const container = child(root, place.container);
    const base = `/ncs-config/${place.container}`;
    const containerOn = flag(container, 'enabled', false, base, o);
    const switchAt = place.switchAt.reduce<XmlElement | null>((at, name) => child(at, name), container);
    const listenAt = place.listenAt.reduce<XmlElement | null>((at, name) => child(at, name), container);
    const path = [base, ...place.listenAt].join('/');
    const on =
      containerOn &&
      switchAt !== null &&
      (place.switchAt.length === 0 || flag(switchAt, 'enabled', place.switchDefault, path, o));
    if (key === 'haRaft') {
      if (container !== null) addHaRaft(listeners, listenAt, path, on, o);
      continue;
    }
    const endpoint = {
      host: ip(listenAt, '0.0.0.0', path, o),
      port: port(listenAt, TEMPLATE_LISTENER_DEFAULT_PORTS[key], path, o),
    };
    if (on) listeners.push({ key, label: label(key), endpoint });
  }
}

// HA Raft binds its node address's host (NSO refuses a wildcard there) on `port` (6.7+) or on min-port, the
// port NSO tries first in the 6.2–6.6 range; each version's schema rejects the other form's leaves.
function addHaRaft(
  listeners: SimListener[],
  listen: XmlElement | null,
  path: string,
  on: boolean,
  o: ReadNcsConfOptions,
): void {
  const nodeAddress = text(listen, 'node-address', o);
  if (!nodeAddress) throw badConfig(`${o.file}: ${path}/node-address is mandatory`);
  const host = nodeAddressHost(nodeAddress);
  if (isWildcardAddress(host)) {
    throw badConfig(`${o.file}: ${path}/node-address: "${nodeAddress}" is a wildcard address`);
  }
  const version = simVersion(o.env);
  const form = haRaftListenForm(version);
  for (const name of form === 'port' ? ['min-port', 'max-port'] : ['port']) {
    if (child(listen, name) !== null)
      throw badConfig(`${o.file}: ${path}/${name}: unknown in NSO ${version}`);
  }
  const listenPort =
    form === 'port'
      ? port(listen, HA_RAFT_DEFAULT_PORT, path, o)
      : port(listen, HA_RAFT_DEFAULT_MIN_PORT, path, o, 'min-port');
  if (form === 'range') port(listen, listenPort, path, o, 'max-port');
  if (on) listeners.push({ key: 'haRaft', label: label('haRaft'), endpoint: { host, port: listenPort } });
}

// The reading helpers extra-listen.ts uses, bound to this file's options.
function simConfReader(o: ReadNcsConfOptions): ConfReader {
  return {
    children: (parent, name) =>
      (parent?.children ?? []).filter(
        (node): node is XmlElement =>
          typeof node !== 'string' && node.localName === name && node.namespaceURI === NCS_CONFIG_NS,
      ),
    ip: (parent, fallback, path) => ip(parent, fallback, path, o),
    port: (parent, fallback, path) => port(parent, fallback, path, o),
    text: (element) => {
      const expanded = expandVars(textContent(element), o.env);
      return 'value' in expanded ? expanded.value.trim() : '';
    },
    label,
    file: o.file,
  };
}
