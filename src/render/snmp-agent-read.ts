// Reads the agent settings back from an snmp_init.xml: whether it is enabled and where it binds. Pure.
import type { Element } from '@xmldom/xmldom';
import { SNMP_AGENT_NS } from '../nso/snmp.js';
import { childElement, snmpElement } from './snmp-element.js';
import { parseXmlStrict } from './xml-parse.js';

/** The agent as the file has it; absent leaves are undefined (NSO's defaults apply then). */
export interface SnmpAgentSettings {
  enabled: boolean;
  address: string | undefined;
  port: number | undefined;
}

const child = (parent: Element | undefined, name: string): Element | undefined =>
  parent === undefined ? undefined : childElement(parent, name, SNMP_AGENT_NS);

const leaf = (parent: Element | undefined, name: string): string | undefined =>
  child(parent, name)?.textContent?.trim();

// The agent under /snmp/agent (or /config/snmp/agent) as NSO reads it; null when the file has none NSO would
// load. Throws TEMPLATE_INVALID on malformed XML.
export function readSnmpAgent(xml: string, file: string): SnmpAgentSettings | null {
  const root = parseXmlStrict(xml, file).doc.documentElement;
  const agent = child(snmpElement(root), 'agent');
  if (agent === undefined) return null;
  const portText = leaf(agent, 'udp-port');
  const port = portText !== undefined && /^\d{1,5}$/.test(portText) ? Number(portText) : undefined;
  return {
    enabled: leaf(agent, 'enabled') === 'true',
    address: leaf(agent, 'ip'),
    port: port !== undefined && port >= 1 && port <= 65535 ? port : undefined,
  };
}
