// Reads the agent settings back from an snmp_init.xml: whether it is enabled and where it binds. Pure.
import type { Element, Node } from '@xmldom/xmldom';
import { ELEMENT_NODE } from './xml-nodes.js';
import { parseXmlStrict } from './xml-parse.js';

/** The agent as the file has it; absent leaves are undefined (NSO's defaults apply then). */
export interface SnmpAgentSettings {
  enabled: boolean;
  address: string | undefined;
  port: number | undefined;
}

// Children by local name: the agent's namespace is matched loosely (see SNMP_AGENT_NS in snmp-init.ts).
function child(parent: Element | null | undefined, name: string): Element | undefined {
  for (let node: Node | null = parent?.firstChild ?? null; node !== null; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE && (node as Element).localName === name) return node as Element;
  }
  return undefined;
}

const leaf = (parent: Element | undefined, name: string): string | undefined =>
  child(parent, name)?.textContent?.trim();

// The agent under /config/snmp/agent; null when the file has none. Throws TEMPLATE_INVALID on malformed XML.
export function readSnmpAgent(xml: string, file: string): SnmpAgentSettings | null {
  const root = parseXmlStrict(xml, file).doc.documentElement;
  const agent = child(child(root, 'snmp'), 'agent');
  if (agent === undefined) return null;
  const portText = leaf(agent, 'udp-port');
  const port = portText !== undefined && /^\d{1,5}$/.test(portText) ? Number(portText) : undefined;
  return {
    enabled: leaf(agent, 'enabled') === 'true',
    address: leaf(agent, 'ip'),
    port: port !== undefined && port >= 1 && port <= 65535 ? port : undefined,
  };
}
