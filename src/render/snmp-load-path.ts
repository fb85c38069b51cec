// Puts the instance's own SNMP folder on an ncs.conf's load path, or drops the SNMP folders. Measured on NSO
// 6.2.5: NSO loads only the first snmp_init.xml on the load path (ncs.log: `Loading file ./snmp/snmp_init.xml`),
// and only when the SNMP schema files (snmp.fxs and the MIBs, in `${NCS_DIR}/etc/ncs/snmp`) are on it too;
// that folder's own snmp_init.xml opens UDP 0.0.0.0:4000 for every instance made from ncs-setup's file.
import type { Element, Node } from '@xmldom/xmldom';
import { NCS_CONFIG_ORDER } from '../nso/ncs-conf-schema-order.js';
import { addChild, addChildBefore, ensureChild, onlyChild, type XmlEditContext } from './xml-edit.js';
import { ELEMENT_NODE, TEXT_NODE } from './xml-nodes.js';

/** The instance's own SNMP folder in its run dir, relative like ncs-setup's other paths (`ncs --cd RUN_DIR`). */
export const OWN_SNMP_DIR = './snmp';

/** The installation's SNMP folder: the schema files the agent needs, and the shared snmp_init.xml. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${NCS_DIR}, which NSO expands
export const SHARED_SNMP_DIR = '${NCS_DIR}/etc/ncs/snmp';

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

const sameDir = (a: string, b: string) => a.trim().replace(/\/+$/, '') === b.replace(/\/+$/, '');

// With `ownDir`, it goes just before the first SNMP dir of the load path, so its snmp_init.xml is the one NSO
// loads while the SNMP dirs after it still give the schema; with no SNMP dir, it is added at the end followed
// by the installation's. With null every SNMP dir is dropped, so the agent stays off. Other dirs and comments
// stay as they are.
export function setSnmpLoadPath(ctx: XmlEditContext, root: Element, ownDir: string | null): void {
  const existing = onlyChild(ctx, root, 'load-path');
  if (existing === null && ownDir === null) return;
  const loadPath = existing ?? ensureChild(ctx, root, 'load-path', NCS_CONFIG_ORDER);
  const snmpDirs = dirElements(ctx, loadPath).filter((dir) => isSnmpDir(dir.textContent ?? ''));
  if (ownDir === null) {
    for (const dir of snmpDirs) removeWithIndent(dir);
    return;
  }
  // The own dir, when the template names it already, moves to its place.
  const own = snmpDirs.filter((dir) => sameDir(dir.textContent ?? '', ownDir));
  for (const dir of own) removeWithIndent(dir);
  const first = snmpDirs.find((dir) => !own.includes(dir));
  const add = (path: string, before?: Element) =>
    (before === undefined
      ? addChild(ctx, loadPath, 'dir', ['dir'])
      : addChildBefore(ctx, loadPath, 'dir', before)
    ).appendChild(ctx.doc.createTextNode(path));
  if (first !== undefined) {
    add(ownDir, first);
    return;
  }
  add(ownDir);
  add(SHARED_SNMP_DIR);
}
