// Which of the template listeners (Web UI, RESTCONF's own transports, call-home, HA) an ncs.conf
// enables, with the YANG defaults of tailf-ncs-config applied. Pure: text in, flags out.
import type { Document, Element } from '@xmldom/xmldom';
import type { TemplateListenerKey } from '../nso/listeners.js';

import { TEMPLATE_LISTENER_KEYS } from '../nso/listeners.js';
import { NCS_CONFIG_NS } from '../nso/ncs-config-ns.js';
import { TEMPLATE_LISTENER_PLACES } from '../nso/template-listener-places.js';
import type { XmlEditContext } from './xml-edit.js';
import { leafText, onlyChild } from './xml-edit.js';
import { parseXmlShared } from './xml-parse.js';

/** Whether each template listener is on. */
export type TemplateListenerFlags = Record<TemplateListenerKey, boolean>;

// Follows `path` from `from`; null where an element is missing.
export function elementAt(
  ctx: XmlEditContext,
  from: Element | null,
  path: readonly string[],
): Element | null {
  let at = from;
  for (const name of path) at = at === null ? null : onlyChild(ctx, at, name);
  return at;
}

function flag(ctx: XmlEditContext, element: Element, fallback: boolean): boolean {
  const value = leafText(ctx, element, 'enabled');
  return value === null ? fallback : value === 'true';
}

// Tells whether the file under `root` enables a listener. Presence containers that are absent switch it off.
export function listenerIsOn(ctx: XmlEditContext, root: Element, key: TemplateListenerKey): boolean {
  const place = TEMPLATE_LISTENER_PLACES[key];
  const container = onlyChild(ctx, root, place.container);
  if (container === null || !flag(ctx, container, false)) return false;
  if (place.switchAt.length === 0) return true;
  const switchElement = elementAt(ctx, container, place.switchAt);
  return switchElement !== null && flag(ctx, switchElement, place.switchDefault);
}

// A context for reading a parsed template: lookups only, so the layout settings never matter.
export function readingContext(doc: Document, file: string): XmlEditContext {
  return { doc, ns: NCS_CONFIG_NS, file, newline: '\n', unit: '  ', layout: new WeakSet() };
}

// Scans a template's text for the template listeners it enables; throws TEMPLATE_INVALID on bad XML.
export function templateListeners(xml: string, file: string): TemplateListenerFlags {
  const { doc } = parseXmlShared(xml, file);
  const root = doc.documentElement;
  const ctx = readingContext(doc, file);
  const flags = {} as TemplateListenerFlags;
  // A wrong root enables nothing here; render reports it with its own message.
  const usable = root !== null && root.localName === 'ncs-config' && root.namespaceURI === NCS_CONFIG_NS;
  for (const key of TEMPLATE_LISTENER_KEYS) flags[key] = usable && listenerIsOn(ctx, root, key);
  return flags;
}
