// Finds the `<snmp>` settings in an snmp_init.xml the way NSO reads the file: `<snmp>` as the root (NSO's own
// file) or as a child of a CDB-init `<config>` root, in NSO's SNMP namespace. Pure.
import type { Element, Node } from '@xmldom/xmldom';
import { CDB_CONFIG_NS, SNMP_AGENT_NS } from './snmp-init.js';
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

// The `<snmp>` element NSO would load, or undefined (measured on 6.2.5: another namespace is an error NSO logs
// before it starts without an agent).
export function snmpElement(root: Element | null): Element | undefined {
  if (root === null) return undefined;
  if (root.localName === 'snmp' && root.namespaceURI === SNMP_AGENT_NS) return root;
  if (root.localName !== 'config' || root.namespaceURI !== CDB_CONFIG_NS) return undefined;
  return childElement(root, 'snmp', SNMP_AGENT_NS);
}
