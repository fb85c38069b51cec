// The simulator's SNMP agent: like NSO, it takes its settings from the first snmp_init.xml on the load path
// and opens the agent's UDP port only when the file enables it. Like NSO 6.2.5 (measured), it loads `<snmp>` in
// NSO's SNMP namespace as the root or under a `<config>` root (CDB-init namespace or none), and opens no agent
// for other namespaces.
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { CDB_CONFIG_NS, SNMP_AGENT_NS, SNMP_INIT_FILE } from '../nso/snmp.js';
import type { SimListener } from './sim-config.js';
import { badConfig } from './start-errors.js';
import { readXml, textContent, type XmlElement, XmlSyntaxError } from './xml-reader.js';

/** Defaults when the file leaves a leaf out: the wildcard address and SNMP's well-known port. */
const DEFAULT_AGENT_IP = '0.0.0.0';
const DEFAULT_AGENT_PORT = 161;

// Children by local name in NSO's SNMP namespace.
function child(parent: XmlElement | null, name: string, ns = SNMP_AGENT_NS): XmlElement | null {
  if (parent === null) return null;
  for (const node of parent.children) {
    if (typeof node !== 'string' && node.localName === name && node.namespaceURI === ns) return node;
  }
  return null;
}

// The `<snmp>` NSO loads: the root, or the child of a `<config>` root.
function snmpElement(root: XmlElement): XmlElement | null {
  if (root.localName === 'snmp' && root.namespaceURI === SNMP_AGENT_NS) return root;
  if (root.localName !== 'config' || ![CDB_CONFIG_NS, null].includes(root.namespaceURI)) return null;
  return child(root, 'snmp');
}

function leaf(parent: XmlElement, name: string): string | null {
  const element = child(parent, name);
  return element === null ? null : textContent(element).trim();
}

// Reads the agent of one snmp_init.xml; null when it has none or it is disabled. Throws exit-21 errors.
export function parseSnmpAgent(xml: string, file: string): SimListener | null {
  let root: XmlElement;
  try {
    root = readXml(xml);
  } catch (error) {
    const reason = error instanceof XmlSyntaxError ? error.message : String(error);
    throw badConfig(`${file}: not well-formed XML: ${reason}`, error);
  }
  const agent = child(snmpElement(root), 'agent');
  if (agent === null || leaf(agent, 'enabled') !== 'true') return null;
  const host = leaf(agent, 'ip') ?? DEFAULT_AGENT_IP;
  if (isIP(host) === 0) throw badConfig(`${file}: /snmp/agent/ip: "${host}" is not an IP address`);
  const portText = leaf(agent, 'udp-port');
  const port = portText === null ? DEFAULT_AGENT_PORT : Number(portText);
  if (portText !== null && !(/^\d{1,5}$/.test(portText) && port <= 65535)) {
    throw badConfig(`${file}: /snmp/agent/udp-port: "${portText}" is not a port number (0..65535)`);
  }
  return { key: 'snmp', label: 'SNMP', endpoint: { host, port }, protocol: 'udp' };
}

// The agent listener from the first snmp_init.xml found in the load-path dirs; null when none enables one.
export function snmpAgentListener(loadPath: readonly string[]): SimListener | null {
  for (const dir of loadPath) {
    const file = join(dir, SNMP_INIT_FILE);
    if (!existsSync(file)) continue;
    let xml: string;
    try {
      xml = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw badConfig(`cannot read ${file} (${code})`, error);
    }
    return parseSnmpAgent(xml, file);
  }
  return null;
}
