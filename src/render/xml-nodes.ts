// DOM node kinds and child lists shared by the XML helpers (xmldom has no typed constants for them).
import type { Node } from '@xmldom/xmldom';

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const CDATA_SECTION_NODE = 4;
export const PROCESSING_INSTRUCTION_NODE = 7;
export const COMMENT_NODE = 8;

// The children of a node as an array, in document order.
export function childList(node: Node): Node[] {
  const list: Node[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) list.push(child);
  return list;
}
