// Writes each additional listener's port (and address, where nso-multi replaced a wildcard) into its
// extra-listen / ha-primary-listen entry in place, so the entry keeps its position and comments.
import type { Element } from '@xmldom/xmldom';
import { NsoMultiError } from '../errors.js';
import type { AdditionalListenerPlan } from '../model.js';
import {
  ADDITIONAL_LISTENER_ELEMENT,
  ADDITIONAL_LISTENER_PLACES,
} from '../nso/additional-listener-places.js';
import { elementAt } from './template-listeners.js';
import type { XmlEditContext } from './xml-edit.js';
import { setLeaf } from './xml-edit.js';

/** What render needs of an additional listener. */
export type AdditionalListenInput = Pick<
  AdditionalListenerPlan,
  'id' | 'parent' | 'kind' | 'index' | 'address' | 'port'
>;

/** Both lists hold `ip` then `port` (the keys, in schema order). */
const ENTRY_ORDER = ['ip', 'port'] as const;

function entryAt(ctx: XmlEditContext, root: Element, input: AdditionalListenInput): Element | undefined {
  const place = ADDITIONAL_LISTENER_PLACES[input.parent];
  const parent = place === undefined ? null : elementAt(ctx, root, place.path);
  const name = ADDITIONAL_LISTENER_ELEMENT[input.kind];
  let seen = 0;
  for (let node = parent?.firstChild ?? null; node !== null; node = node.nextSibling) {
    const element = node as Element;
    if (node.nodeType !== 1 || element.localName !== name || element.namespaceURI !== ctx.ns) continue;
    seen += 1;
    if (seen === input.index) return element;
  }
  return undefined;
}

// Sets every given entry's ip and port; throws TEMPLATE_INVALID when an entry is not where the scan found it.
export function setAdditionalListen(
  ctx: XmlEditContext,
  root: Element,
  entries: readonly AdditionalListenInput[],
): void {
  for (const input of entries) {
    const entry = entryAt(ctx, root, input);
    if (entry === undefined) {
      throw new NsoMultiError(
        'TEMPLATE_INVALID',
        `${ctx.file}: ${input.id} (entry ${input.index} of ${ADDITIONAL_LISTENER_ELEMENT[input.kind]}) is missing; did the template change during the render?`,
        { hint: 'run the command again' },
      );
    }
    setLeaf(ctx, entry, 'ip', input.address, ENTRY_ORDER);
    setLeaf(ctx, entry, 'port', String(input.port), ENTRY_ORDER);
  }
}
