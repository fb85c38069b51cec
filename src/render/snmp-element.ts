// Finds the `<snmp>` settings in an snmp_init.xml the way NSO reads the file: `<snmp>` in NSO's SNMP namespace as
// the root (NSO's own file) or as a child of a `<config>` root in the CDB-init namespace or none. Pure.
import type { Element, Node } from '@xmldom/xmldom';
import { CDB_CONFIG_NS, SNMP_AGENT_NS } from '../nso/snmp.js';
import { ELEMENT_NODE } from './xml-nodes.js';

// The first child element with this local name and namespace.
export function childElement(parent: Element, name: string, ns: string): Element | undefined {
  for (let node: Node | null = parent.firstChild; node !== null; node = node.nextSibling) {
    const element = node as Element;
    if (node.nodeType === ELEMENT_NODE && element.localName === name && element.namespaceURI === ns) {
      return element;
    }
  }
  return undefined;
}

// The `<snmp>` element NSO would load, or undefined. Measured on 6.2.5: `<snmp>` without NSO's namespace, or a
// root in another namespace, is an error NSO logs (`unknown namespace`) before it starts without an agent.
export function snmpElement(root: Element | null): Element | undefined {
  if (root === null) return undefined;
  if (root.localName === 'snmp' && root.namespaceURI === SNMP_AGENT_NS) return root;
  if (root.localName !== 'config' || ![CDB_CONFIG_NS, null].includes(root.namespaceURI)) return undefined;
  return childElement(root, 'snmp', SNMP_AGENT_NS);
}
