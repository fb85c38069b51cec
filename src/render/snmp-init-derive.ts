// An instance's snmp_init.xml made from the NSO installation's own: the same text (namespaces, engine ID,
// communities, users, comments, layout) with only the agent's `enabled`, `ip` and `udp-port` set to the instance's. Pure.
import type { Element, Node } from '@xmldom/xmldom';
import { isNsoMultiError } from '../errors.js';
import { SNMP_AGENT_NS } from '../nso/snmp.js';
import { snmpElement } from './snmp-element.js';
import { checkSnmpAgentInput } from './snmp-init.js';
import { indentOf, setLeaf, type XmlEditContext } from './xml-edit.js';
import { ELEMENT_NODE, TEXT_NODE } from './xml-nodes.js';
import { parseXmlStrict } from './xml-parse.js';
import { serializePreserving } from './xml-preserving-serializer.js';
import { mapSource } from './xml-source-map.js';

/** Where a missing leaf goes among the agent's others; the rest of the agent's schema order is unknown. */
const AGENT_ORDER = ['enabled', 'ip', 'udp-port'];

export interface SnmpAgentTarget {
  address: string;
  port: number;
}

/** The derived file, or why the installation's file cannot be used (the reason names the file). */
export type DerivedSnmpInit = { derived: true; text: string } | { derived: false; reason: string };

// Children by local name, whatever their namespace (the agent's leaves are in the snmp element's).
function childrenNamed(parent: Element, name: string): Element[] {
  const found: Element[] = [];
  for (let node: Node | null = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE && (node as Element).localName === name) found.push(node as Element);
  }
  return found;
}

// One indentation level as the file writes it (agent below snmp), for an agent that was empty.
function indentUnit(snmp: Element, agent: Element): string {
  const outer = indentOf(snmp);
  const inner = indentOf(agent);
  if (outer === null || inner === null || !inner.startsWith(outer) || inner === outer) return '  ';
  return inner.slice(outer.length);
}

function replaceText(ctx: XmlEditContext, leaf: Element, value: string): void {
  const only = leaf.firstChild;
  if (only !== null && only === leaf.lastChild && only.nodeType === TEXT_NODE && only.nodeValue === value)
    return;
  while (leaf.firstChild !== null) leaf.removeChild(leaf.firstChild);
  leaf.appendChild(ctx.doc.createTextNode(value));
}

// Derives the instance's snmp_init.xml from `installXml` (read from `file`): the first <agent> of the <snmp> NSO
// would load (the root, or under a <config> root) gets enabled = true and the instance's ip and udp-port (added in the agent's
// namespace and prefix when missing); every other byte stays. Not well-formed XML, no agent, or a repeated ip or
// udp-port give `derived: false` with the reason, so the caller can fall back to the generated file.
export function deriveSnmpInit(installXml: string, target: SnmpAgentTarget, file: string): DerivedSnmpInit {
  checkSnmpAgentInput(target);
  let parsed: ReturnType<typeof parseXmlStrict>;
  try {
    parsed = parseXmlStrict(installXml, file);
  } catch (error) {
    if (isNsoMultiError(error) && error.code === 'TEMPLATE_INVALID') {
      return { derived: false, reason: error.message };
    }
    throw error;
  }
  const { doc, source, bom } = parsed;
  const snmp = snmpElement(doc.documentElement);
  const agent = snmp === undefined ? undefined : childrenNamed(snmp, 'agent')[0];
  if (snmp === undefined || agent === undefined) {
    return {
      derived: false,
      reason: `${file}: no <agent> in an <snmp xmlns="${SNMP_AGENT_NS}"> at the root or under a <config> root`,
    };
  }
  const map = mapSource(doc, source);
  const ctx: XmlEditContext = {
    doc,
    ns: agent.namespaceURI ?? '',
    file,
    newline: source.includes('\r\n') ? '\r\n' : '\n',
    unit: indentUnit(snmp, agent),
    layout: new WeakSet(),
  };
  // `snmp: true` asks for an agent, so it is switched on even where the installation's file leaves it off.
  const values: [string, string][] = [
    ['enabled', 'true'],
    ['ip', target.address],
    ['udp-port', String(target.port)],
  ];
  for (const [name, value] of values) {
    const leaves = childrenNamed(agent, name);
    if (leaves.length > 1) return { derived: false, reason: `${file}: <agent> has more than one <${name}>` };
    const [leaf] = leaves;
    if (leaf !== undefined) replaceText(ctx, leaf, value);
    else setLeaf(ctx, agent, name, value, AGENT_ORDER);
  }
  return { derived: true, text: serializePreserving(doc, map, bom, ctx.layout) };
}
