// Finds a template's extra-listen / ha-primary-listen entries and its extra IPC addresses. Pure: text in,
// plain data out; which of the entries count is decided later, once the parent listeners are settled.
import type { Element } from '@xmldom/xmldom';
import { NsoMultiError } from '../errors.js';
import type { AdditionalListenKind } from '../model.js';
import {
  ADDITIONAL_LISTENER_ELEMENT,
  ADDITIONAL_LISTENER_PLACES,
  IPC_EXTRA_LISTEN_IP,
} from '../nso/additional-listener-places.js';
import type { ListenerKey } from '../nso/listeners.js';
import { NCS_CONFIG_NS } from '../nso/ncs-config-ns.js';
import { parseXmlShared } from './xml-parse.js';

/** One list entry as the template has it; `index` is 1-based among the parent's entries of that list. */
export interface ScannedListenEntry {
  parent: ListenerKey;
  kind: AdditionalListenKind;
  index: number;
  ip: string;
  /** The entry's port when it is a port number (what a rendered file holds), else undefined. */
  port: number | undefined;
}

export interface ScannedAdditionalListeners {
  entries: ScannedListenEntry[];
  /** ncs-ipc-extra-listen-ip values in template order. */
  ipcExtraAddresses: string[];
}

function childrenNamed(parent: Element | null, name: string): Element[] {
  const found: Element[] = [];
  for (let node = parent?.firstChild ?? null; node !== null; node = node.nextSibling) {
    const element = node as Element;
    if (node.nodeType === 1 && element.localName === name && element.namespaceURI === NCS_CONFIG_NS) {
      found.push(element);
    }
  }
  return found;
}

// Follows `path` from the root; a missing or repeated step gives null (render reports repeats itself).
function elementAt(root: Element, path: readonly string[]): Element | null {
  let at: Element | null = root;
  for (const name of path) {
    const found = childrenNamed(at, name);
    at = found.length === 1 ? (found[0] ?? null) : null;
  }
  return at;
}

function portOf(leaf: Element | undefined): number | undefined {
  const text = (leaf?.textContent ?? '').trim();
  return /^\d{1,5}$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined;
}

const LITERAL_IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/;

// The trimmed address in `leaf` (an entry's ip, or a leaf-list item); nso-multi must probe it, so it must be a
// literal address.
function addressOf(leaf: Element | undefined, element: Element, what: string, file: string): string {
  const value = (leaf?.textContent ?? '').trim();
  const at = element.lineNumber === undefined ? '' : `:${element.lineNumber}:${element.columnNumber ?? 1}`;
  if (leaf === undefined || value === '') {
    throw new NsoMultiError('TEMPLATE_INVALID', `${file}${at}: ${what} has no <ip> (a key of the list)`, {
      hint: 'give every entry an <ip> and a <port>',
    });
  }
  if (!LITERAL_IP.test(value)) {
    throw new NsoMultiError(
      'TEMPLATE_INVALID',
      `${file}${at}: ${what} has ip ${JSON.stringify(value)}, which is not a literal IP address`,
      { hint: 'write the address itself: nso-multi checks that port on it before any instance starts' },
    );
  }
  return value;
}

// Every entry of every list under every listener that has them, and the extra IPC addresses.
export function scanAdditionalListeners(xml: string, file: string): ScannedAdditionalListeners {
  const root = parseXmlShared(xml, file).doc.documentElement;
  if (root === null || root.localName !== 'ncs-config' || root.namespaceURI !== NCS_CONFIG_NS) {
    return { entries: [], ipcExtraAddresses: [] };
  }
  const entries: ScannedListenEntry[] = [];
  for (const [parent, place] of Object.entries(ADDITIONAL_LISTENER_PLACES) as [
    ListenerKey,
    NonNullable<(typeof ADDITIONAL_LISTENER_PLACES)[ListenerKey]>,
  ][]) {
    const listen = elementAt(root, place.path);
    for (const kind of place.kinds) {
      const name = ADDITIONAL_LISTENER_ELEMENT[kind];
      childrenNamed(listen, name).forEach((element, i) => {
        const what = `/ncs-config/${place.path.join('/')}/${name} entry ${i + 1}`;
        entries.push({
          parent,
          kind,
          index: i + 1,
          ip: addressOf(childrenNamed(element, 'ip')[0], element, what, file),
          port: portOf(childrenNamed(element, 'port')[0]),
        });
      });
    }
  }
  const ipcExtraAddresses = childrenNamed(root, IPC_EXTRA_LISTEN_IP).map((element, i) =>
    addressOf(element, element, `/ncs-config/${IPC_EXTRA_LISTEN_IP} entry ${i + 1}`, file),
  );
  return { entries, ipcExtraAddresses };
}
