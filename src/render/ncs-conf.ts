// Renders one instance's ncs.conf from a template: sets the listener leaves nso-multi owns, keeps the rest.
import type { Document, Element } from '@xmldom/xmldom';
import { NsoMultiError } from '../errors.js';
import type { TemplateListenerKey } from '../nso/listeners.js';
import type { LocalIpcSetting } from '../nso/local-ipc-versions.js';
import {
  ACCESS_CHECK_ORDER,
  CLI_ORDER,
  IPC_ADDRESS_ORDER,
  LISTENER_ORDER,
  NCS_CONFIG_ORDER,
  NETCONF_ORDER,
  NETCONF_TRANSPORT_ORDER,
} from '../nso/ncs-conf-schema-order.js';
import { NCS_CONFIG_NS } from '../nso/ncs-config-ns.js';
import { type AdditionalListenInput, setAdditionalListen } from './additional-listeners-render.js';
import { type HaRaftInput, setHaRaft } from './ha-raft-listen.js';
import { setLocalIpc, setSshKeyDir } from './ncs-conf-local-ipc.js';
import { setTemplateListeners, type TemplateListenerInput } from './ncs-conf-template-listeners.js';
import { setSnmpLoadPath } from './snmp-load-path.js';
import type { XmlEditContext } from './xml-edit.js';
import { ensureChild, indentOf, leafText, onlyChild, setLeaf } from './xml-edit.js';
import { parseXmlStrict } from './xml-parse.js';
import { serializePreserving } from './xml-preserving-serializer.js';
import { mapSource } from './xml-source-map.js';

/** One northbound listener; a null port leaves the template's port (or NSO's default) in place. */
export interface ListenerInput {
  enabled: boolean;
  address: string;
  port: number | null;
}

/** The leaves nso-multi owns in an instance's ncs.conf. */
export interface NcsConfInput {
  /** A null port (IPC over a Unix socket) leaves ncs-ipc-address as the template has it: NSO ignores it then. */
  ipc: { address: string; port: number | null };
  /** `filename` is the absolute path of the secret file. */
  accessCheck: { enabled: boolean; filename: string };
  netconfSsh: ListenerInput;
  netconfTcp: ListenerInput;
  cliSsh: ListenerInput;
  /** 'disable' (NSO >= 6.4) writes ncs-local-ipc/enabled=false; 'omit' removes ncs-local-ipc; `{ path }`
   * switches local IPC on at that Unix socket. */
  localIpc: LocalIpcSetting;
  /** Web UI, RESTCONF's own transports, call-home and HA: each given one is set on or off; absent ones stay
   * as the template has them. */
  templateListeners?: Partial<Record<TemplateListenerKey, TemplateListenerInput>>;
  /** HA Raft switched on (`templateListeners.haRaft` switches it off); absent leaves the template's ha-raft listen. */
  haRaft?: HaRaftInput;
  /** A folder of private SSH host keys for aaa/ssh-server-key-dir; absent keeps the template's. */
  sshKeyDir?: string;
  /** The template's extra-listen / ha-primary-listen entries to give their own port (and address). */
  additionalListen?: readonly AdditionalListenInput[];
  /** The instance's own SNMP folder, replacing the shared `.../snmp` load-path dir (or added); null drops every
   * SNMP dir so the agent stays off; absent leaves the load path as the template has it. */
  snmpDir?: string | null;
}

function rootOf(doc: Document, file: string): Element {
  const root = doc.documentElement;
  if (root !== null && root.localName === 'ncs-config' && root.namespaceURI === NCS_CONFIG_NS) return root;
  const at = root?.lineNumber === undefined ? '' : `:${root.lineNumber}:${root.columnNumber ?? 1}`;
  const found =
    root === null ? 'no root element' : `<${root.tagName}> in namespace "${root.namespaceURI ?? ''}"`;
  throw new NsoMultiError(
    'TEMPLATE_INVALID',
    `${file}${at}: the root element must be <ncs-config> in namespace "${NCS_CONFIG_NS}", found ${found}`,
    { hint: `Start the template with <ncs-config xmlns="${NCS_CONFIG_NS}"> (see templates/ncs.conf.xml).` },
  );
}

function checkPort(port: number | null, what: string): void {
  if (port !== null && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new NsoMultiError('INTERNAL', `${what}: port ${port} is not a TCP port number`);
  }
}

function editContext(doc: Document, root: Element, source: string, file: string): XmlEditContext {
  let unit = '  ';
  for (let child = root.firstChild; child !== null; child = child.nextSibling) {
    const indent = child.nodeType === 1 ? indentOf(child as Element) : null;
    if (indent) {
      unit = indent;
      break;
    }
  }
  const newline = source.includes('\r\n') ? '\r\n' : '\n';
  return { doc, ns: NCS_CONFIG_NS, file, newline, unit, layout: new WeakSet() };
}

// A disabled listener binds nothing, so its ip and port stay as the template has them.
function setListener(ctx: XmlEditContext, listener: Element, input: ListenerInput): void {
  setLeaf(ctx, listener, 'enabled', String(input.enabled), LISTENER_ORDER);
  if (!input.enabled) return;
  setLeaf(ctx, listener, 'ip', input.address, LISTENER_ORDER);
  if (input.port !== null) setLeaf(ctx, listener, 'port', String(input.port), LISTENER_ORDER);
}

// A template that switches a whole northbound interface off must not silence a listener we enable.
function enableInterface(ctx: XmlEditContext, container: Element, order: readonly string[]): void {
  const current = leafText(ctx, container, 'enabled');
  if (current !== null && current !== 'true') setLeaf(ctx, container, 'enabled', 'true', order);
}

function setIpc(ctx: XmlEditContext, root: Element, input: NcsConfInput): void {
  if (input.ipc.port !== null) {
    const address = ensureChild(ctx, root, 'ncs-ipc-address', NCS_CONFIG_ORDER);
    setLeaf(ctx, address, 'ip', input.ipc.address, IPC_ADDRESS_ORDER);
    setLeaf(ctx, address, 'port', String(input.ipc.port), IPC_ADDRESS_ORDER);
  }

  const { enabled, filename } = input.accessCheck;
  // Absent means off; creating the presence container would also demand a filename.
  const check = enabled
    ? ensureChild(ctx, root, 'ncs-ipc-access-check', NCS_CONFIG_ORDER)
    : onlyChild(ctx, root, 'ncs-ipc-access-check');
  if (check !== null) {
    setLeaf(ctx, check, 'enabled', String(enabled), ACCESS_CHECK_ORDER);
    if (filename !== '') setLeaf(ctx, check, 'filename', filename, ACCESS_CHECK_ORDER);
  }

  setLocalIpc(ctx, root, input.localIpc);
}

function setNorthbound(ctx: XmlEditContext, root: Element, input: NcsConfInput): void {
  const netconf = ensureChild(ctx, root, 'netconf-north-bound', NCS_CONFIG_ORDER);
  if (input.netconfSsh.enabled || input.netconfTcp.enabled) enableInterface(ctx, netconf, NETCONF_ORDER);
  const transport = ensureChild(ctx, netconf, 'transport', NETCONF_ORDER);
  setListener(ctx, ensureChild(ctx, transport, 'ssh', NETCONF_TRANSPORT_ORDER), input.netconfSsh);
  setListener(ctx, ensureChild(ctx, transport, 'tcp', NETCONF_TRANSPORT_ORDER), input.netconfTcp);

  const cli = ensureChild(ctx, root, 'cli', NCS_CONFIG_ORDER);
  if (input.cliSsh.enabled) enableInterface(ctx, cli, CLI_ORDER);
  setListener(ctx, ensureChild(ctx, cli, 'ssh', CLI_ORDER), input.cliSsh);
}

// What XML 1.0 cannot hold even as a character reference (its Char production), lone surrogates included.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

// A value written into ncs.conf must read back as itself: XML escaping covers < & and the like, but some
// characters XML cannot carry at all, and NSO 6.3+ replaces `${…}` in values with environment variables.
function checkValue(value: string, what: string): void {
  const bad = NOT_XML_CHAR.exec(value);
  if (bad !== null) {
    const code = `U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new NsoMultiError(
      'USAGE',
      `${what} ${JSON.stringify(value)} holds the character ${code}, which ncs.conf (XML) cannot carry`,
      { hint: 'Choose a workdir whose path has no control characters.' },
    );
  }
  // Valid XML, but the mark a lossy decoding leaves: XML readers (xmldom among them) report it as an encoding
  // problem, so the file could not be read back cleanly.
  if (value.includes('\uFFFD')) {
    throw new NsoMultiError(
      'USAGE',
      `${what} ${JSON.stringify(value)} holds the character U+FFFD (the replacement character a wrong text encoding leaves), which XML readers report as an encoding error`,
      {
        hint: 'Choose a workdir whose path has no U+FFFD (rename the folder, or set `workdir` in the spec).',
      },
    );
  }
  if (value.includes('${')) {
    throw new NsoMultiError(
      'USAGE',
      `${what} ${JSON.stringify(value)} holds "\${", which NSO 6.3 and later expand from the environment in ncs.conf`,
      { hint: 'Choose a workdir whose path has no "${".' },
    );
  }
}

function checkInput(input: NcsConfInput): void {
  checkValue(input.ipc.address, 'the IPC address');
  if (input.accessCheck.enabled) checkValue(input.accessCheck.filename, 'the IPC secret file path');
  if (typeof input.localIpc === 'object') checkValue(input.localIpc.path, 'the IPC socket path');
  if (input.sshKeyDir !== undefined) checkValue(input.sshKeyDir, 'the SSH host-key folder');
  if (typeof input.snmpDir === 'string') checkValue(input.snmpDir, 'the SNMP folder');
  for (const [listener, what] of [
    [input.netconfSsh, 'the NETCONF SSH address'],
    [input.netconfTcp, 'the NETCONF TCP address'],
    [input.cliSsh, 'the CLI SSH address'],
  ] as const) {
    if (listener.enabled) checkValue(listener.address, what);
  }
  for (const [key, listener] of Object.entries(input.templateListeners ?? {})) {
    if (listener.enabled) checkValue(listener.address, `the ${key} address`);
    checkPort(listener.port, key);
  }
  for (const entry of input.additionalListen ?? []) {
    checkValue(entry.address, `the ${entry.id} address`);
    checkPort(entry.port, entry.id);
  }
  if (input.haRaft !== undefined) checkPort(input.haRaft.port, 'ha-raft listen');
  checkPort(input.ipc.port, 'ncs-ipc-address');
  checkPort(input.netconfSsh.port, 'netconf ssh');
  checkPort(input.netconfTcp.port, 'netconf tcp');
  checkPort(input.cliSsh.port, 'cli ssh');
  if (input.accessCheck.enabled && input.accessCheck.filename === '') {
    throw new NsoMultiError('INTERNAL', 'the IPC access check is enabled without a secret file name');
  }
}

// Renders an instance's ncs.conf: the template's text with exactly nso-multi's leaves set.
export function renderNcsConf(
  templateXml: string,
  input: NcsConfInput,
  templateName = 'ncs.conf template',
): string {
  checkInput(input);
  const { doc, source, bom } = parseXmlStrict(templateXml, templateName);
  const root = rootOf(doc, templateName);
  const map = mapSource(doc, source);
  const ctx = editContext(doc, root, source, templateName);
  setIpc(ctx, root, input);
  if (input.sshKeyDir !== undefined) setSshKeyDir(ctx, root, input.sshKeyDir);
  setNorthbound(ctx, root, input);
  if (input.templateListeners !== undefined) setTemplateListeners(ctx, root, input.templateListeners);
  if (input.additionalListen !== undefined) setAdditionalListen(ctx, root, input.additionalListen);
  if (input.snmpDir !== undefined) setSnmpLoadPath(ctx, root, input.snmpDir);
  if (input.haRaft !== undefined) setHaRaft(ctx, root, input.haRaft);
  return serializePreserving(doc, map, bom, ctx.layout);
}
