// Points an ncs.conf's load path at the instance's own SNMP folder, or drops the shared one. NSO's SNMP agent
// starts from the first snmp_init.xml on the load path, and ncs-setup's file lists `${NCS_DIR}/etc/ncs/snmp`,
// whose snmp_init.xml opens UDP 0.0.0.0:4000 for every instance made from it.
import type { Element, Node } from '@xmldom/xmldom';
import { NCS_CONFIG_ORDER } from './ncs-conf-schema-order.js';
import { addChild, ensureChild, onlyChild, type XmlEditContext } from './xml-edit.js';
import { ELEMENT_NODE, TEXT_NODE } from './xml-nodes.js';

/** The instance's own SNMP folder in its run dir, relative like ncs-setup's other paths (`ncs --cd RUN_DIR`). */
export const OWN_SNMP_DIR = './snmp';

/** A load-path dir that is an SNMP folder: its last segment is `snmp` (`${NCS_DIR}/etc/ncs/snmp`, `./snmp/`). */
export function isSnmpDir(path: string): boolean {
  return /(^|\/)snmp\/*$/.test(path.trim());
}

function dirElements(ctx: XmlEditContext, loadPath: Element): Element[] {
  const dirs: Element[] = [];
  for (let node: Node | null = loadPath.firstChild; node !== null; node = node.nextSibling) {
    const element = node as Element;
    if (node.nodeType === ELEMENT_NODE && element.localName === 'dir' && element.namespaceURI === ctx.ns) {
      dirs.push(element);
    }
  }
  return dirs;
}

function setText(ctx: XmlEditContext, element: Element, value: string): void {
  const only = element.firstChild;
  if (
    only !== null &&
    only === element.lastChild &&
    only.nodeType === TEXT_NODE &&
    only.nodeValue === value
  ) {
    return;
  }
  while (element.firstChild !== null) element.removeChild(element.firstChild);
  element.appendChild(ctx.doc.createTextNode(value));
}

// Removes one element together with the indentation in front of it.
function removeWithIndent(element: Element): void {
  const parent = element.parentNode;
  if (parent === null) return;
  const before = element.previousSibling;
  if (before !== null && before.nodeType === TEXT_NODE && /^\s*$/.test(before.nodeValue ?? '')) {
    parent.removeChild(before);
  }
  parent.removeChild(element);
}

// With `ownDir`, the first SNMP dir of the load path becomes it (other SNMP dirs go), or it is added at the end;
// with null every SNMP dir is dropped, so the agent starts disabled. Other dirs and comments stay as they are.
export function setSnmpLoadPath(ctx: XmlEditContext, root: Element, ownDir: string | null): void {
  const existing = onlyChild(ctx, root, 'load-path');
  if (existing === null && ownDir === null) return;
  const loadPath = existing ?? ensureChild(ctx, root, 'load-path', NCS_CONFIG_ORDER);
  const snmpDirs = dirElements(ctx, loadPath).filter((dir) => isSnmpDir(dir.textContent ?? ''));
  const [first, ...others] = snmpDirs;
  if (ownDir === null) {
    for (const dir of snmpDirs) removeWithIndent(dir);
    return;
  }
  for (const dir of others) removeWithIndent(dir);
  if (first !== undefined) setText(ctx, first, ownDir);
  else addChild(ctx, loadPath, 'dir', ['dir']).appendChild(ctx.doc.createTextNode(ownDir));
}
