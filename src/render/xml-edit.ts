// Small DOM edits that keep a hand-written XML file looking hand-written: find, create, set, remove.
import type { Document, Element, Node } from '@xmldom/xmldom';
import { NsoMultiError } from '../errors.js';
import type { ChildOrder } from '../nso/ncs-conf-schema-order.js';
import { ELEMENT_NODE, TEXT_NODE } from './xml-nodes.js';

/** What every edit needs to know about the file being edited. */
export interface XmlEditContext {
  doc: Document;
  /** Namespace of the elements that are looked up and created. */
  ns: string;
  /** Template name for error messages. */
  file: string;
  /** Line break and one level of indentation as the file writes them. */
  newline: string;
  unit: string;
  /** Whitespace nodes the edits added for layout; written as they are (a CR in them is a line end). */
  layout: WeakSet<Node>;
}

function isWhitespaceText(node: Node | null): boolean {
  return node !== null && node.nodeType === TEXT_NODE && /^\s*$/.test(node.nodeValue ?? '');
}

function isElement(node: Node | null): node is Element {
  return node !== null && node.nodeType === ELEMENT_NODE;
}

function elementChildren(parent: Element): Element[] {
  const list: Element[] = [];
  for (let child = parent.firstChild; child !== null; child = child.nextSibling) {
    if (isElement(child)) list.push(child);
  }
  return list;
}

function pathOf(element: Element): string {
  const names: string[] = [];
  for (let node: Node | null = element; isElement(node); node = node.parentNode) {
    names.unshift(node.localName ?? node.tagName);
  }
  return `/${names.join('/')}`;
}

// Indentation of the line an element starts on, taken from the whitespace before it.
export function indentOf(element: Element): string | null {
  const before = element.previousSibling;
  if (!isWhitespaceText(before)) return null;
  const text = before?.nodeValue ?? '';
  const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return lastBreak < 0 ? null : text.slice(lastBreak + 1);
}

// The elements named `name` (in the context namespace) directly under `parent`.
function childrenNamed(ctx: XmlEditContext, parent: Element, name: string): Element[] {
  return elementChildren(parent).filter((e) => e.localName === name && e.namespaceURI === ctx.ns);
}

// The one child named `name`, or null; a repeated container or leaf is a template error.
export function onlyChild(ctx: XmlEditContext, parent: Element, name: string): Element | null {
  const [first, second] = childrenNamed(ctx, parent, name);
  if (second !== undefined) {
    const at = second.lineNumber === undefined ? '' : `:${second.lineNumber}:${second.columnNumber ?? 1}`;
    throw new NsoMultiError(
      'TEMPLATE_INVALID',
      `${ctx.file}${at}: <${name}> appears more than once in ${pathOf(parent)}`,
      { hint: `Keep a single <${name}> element there.` },
    );
  }
  return first ?? null;
}

function layoutText(ctx: XmlEditContext, whitespace: string): Node {
  const node = ctx.doc.createTextNode(whitespace);
  ctx.layout.add(node);
  return node;
}

type InsertionPoint = { kind: 'before' | 'after'; node: Node } | { kind: 'empty' };

function insertionPoint(
  ctx: XmlEditContext,
  parent: Element,
  name: string,
  order: ChildOrder,
  afterSameName = false,
): InsertionPoint {
  const rank = order.indexOf(name);
  if (rank >= 0) {
    const rankOf = (e: Element) => (e.namespaceURI === ctx.ns ? order.indexOf(e.localName ?? '') : -1);
    const siblings = elementChildren(parent);
    const earlier = siblings.filter(
      (e) => rankOf(e) >= 0 && (rankOf(e) < rank || (afterSameName && rankOf(e) === rank)),
    );
    const anchor = earlier[earlier.length - 1];
    if (anchor !== undefined) return { kind: 'after', node: anchor };
    const later = siblings.find((e) => rankOf(e) > rank);
    if (later !== undefined) return { kind: 'before', node: later };
  }
  let last = parent.lastChild;
  while (last !== null && isWhitespaceText(last)) last = last.previousSibling;
  return last === null ? { kind: 'empty' } : { kind: 'after', node: last };
}

// Inserts `child` into `parent` at the schema position, indented like its future siblings.
function insertChild(
  ctx: XmlEditContext,
  parent: Element,
  child: Element,
  order: ChildOrder,
  afterSameName = false,
): void {
  const firstElement = elementChildren(parent)[0];
  const siblingIndent = firstElement === undefined ? null : indentOf(firstElement);
  const ownIndent = indentOf(parent);
  // Content written on one line (`<a><b/><c/></a>`, or a container that is itself inline) stays on it.
  const inline =
    firstElement !== undefined
      ? siblingIndent === null
      : ownIndent === null && parent.parentNode !== null && isElement(parent.parentNode);
  const parentIndent = ownIndent ?? '';
  const gap = () => layoutText(ctx, ctx.newline + (siblingIndent ?? parentIndent + ctx.unit));
  const place = insertionPoint(ctx, parent, child.localName ?? '', order, afterSameName);
  if (place.kind === 'before') {
    parent.insertBefore(child, place.node);
    if (!inline) parent.insertBefore(gap(), place.node);
  } else if (place.kind === 'after') {
    const next = place.node.nextSibling;
    if (!inline) parent.insertBefore(gap(), next);
    parent.insertBefore(child, next);
  } else {
    // Nothing but whitespace inside: lay the content out afresh.
    while (parent.firstChild !== null) parent.removeChild(parent.firstChild);
    if (!inline) parent.appendChild(gap());
    parent.appendChild(child);
    if (!inline) parent.appendChild(layoutText(ctx, ctx.newline + parentIndent));
  }
}

function createElement(ctx: XmlEditContext, parent: Element, name: string): Element {
  // Reuse the parent's prefix so the new element lands in the same namespace without a declaration.
  const qualified = parent.prefix ? `${parent.prefix}:${name}` : name;
  return ctx.doc.createElementNS(ctx.ns, qualified);
}

// The child container `name` of `parent`, created at its schema position when missing.
export function ensureChild(ctx: XmlEditContext, parent: Element, name: string, order: ChildOrder): Element {
  const existing = onlyChild(ctx, parent, name);
  if (existing !== null) return existing;
  const created = createElement(ctx, parent, name);
  insertChild(ctx, parent, created, order);
  return created;
}

// Adds one more child `name` (a list or leaf-list entry) at its schema position, after any existing ones.
export function addChild(ctx: XmlEditContext, parent: Element, name: string, order: ChildOrder): Element {
  const created = createElement(ctx, parent, name);
  insertChild(ctx, parent, created, order, true);
  return created;
}

// Adds a new `name` element just before `reference`, on a line of its own with the reference's indentation.
export function addChildBefore(
  ctx: XmlEditContext,
  parent: Element,
  name: string,
  reference: Element,
): Element {
  const indent = indentOf(reference);
  const created = createElement(ctx, parent, name);
  parent.insertBefore(created, reference);
  if (indent !== null) parent.insertBefore(layoutText(ctx, ctx.newline + indent), reference);
  return created;
}
// Sets leaf `name` under `parent` to `value` as a text node, creating the leaf when missing.
export function setLeaf(
  ctx: XmlEditContext,
  parent: Element,
  name: string,
  value: string,
  order: ChildOrder,
) {
  const existing = onlyChild(ctx, parent, name);
  if (existing !== null) {
    const only = existing.firstChild;
    const same = only !== null && only === existing.lastChild && only.nodeType === TEXT_NODE;
    if (same && only.nodeValue === value) return;
    while (existing.firstChild !== null) existing.removeChild(existing.firstChild);
    existing.appendChild(ctx.doc.createTextNode(value));
    return;
  }
  const created = createElement(ctx, parent, name);
  created.appendChild(ctx.doc.createTextNode(value));
  insertChild(ctx, parent, created, order);
}

// The trimmed text of leaf `name` under `parent`, or null when it is absent.
export function leafText(ctx: XmlEditContext, parent: Element, name: string): string | null {
  const leaf = onlyChild(ctx, parent, name);
  return leaf === null ? null : (leaf.textContent ?? '').trim();
}

// Removes every child named `name` together with the indentation in front of it.
export function removeChildren(ctx: XmlEditContext, parent: Element, name: string): void {
  for (const child of childrenNamed(ctx, parent, name)) {
    const before = child.previousSibling;
    if (before !== null && isWhitespaceText(before)) parent.removeChild(before);
    parent.removeChild(child);
  }
}
