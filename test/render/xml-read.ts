// Reads rendered ncs.conf text back the way NSO would: a standard, strict XML parse.

import type { Element } from '@xmldom/xmldom';
import { DOMParser } from '@xmldom/xmldom';
import { NCS_CONFIG_NS } from '../../src/nso/ncs-config-ns.js';

/** Parses with default XML line-end handling; any parser complaint throws. */
export function parseStrict(xml: string): Element {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(xml, 'text/xml');
  if (doc.documentElement === null) throw new Error('no root element');
  return doc.documentElement;
}

function childrenNamed(parent: Element, name: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    if (element.localName === name && element.namespaceURI === NCS_CONFIG_NS) found.push(element);
  }
  return found;
}

/** Every element at a slash-separated path below /ncs-config. */
export function elementsAt(xml: string, path: string): Element[] {
  let level = [parseStrict(xml)];
  for (const name of path.split('/')) level = level.flatMap((parent) => childrenNamed(parent, name));
  return level;
}

/** The text of the single leaf at `path` (null when absent); throws when it appears more than once. */
export function leafAt(xml: string, path: string): string | null {
  return leavesAt(xml, [path])[path] ?? null;
}

/** The text of each single leaf at `paths`, from one parse (null when absent; throws when repeated). */
export function leavesAt(xml: string, paths: readonly string[]): Record<string, string | null> {
  const root = parseStrict(xml);
  const out: Record<string, string | null> = {};
  for (const path of paths) {
    let level = [root];
    for (const name of path.split('/')) level = level.flatMap((parent) => childrenNamed(parent, name));
    if (level.length > 1) throw new Error(`${path} appears ${level.length} times`);
    out[path] = level[0]?.textContent ?? null;
  }
  return out;
}
