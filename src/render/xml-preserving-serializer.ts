// Writes an edited template back: untouched nodes as their original text, edited and new nodes fresh.

import type { Document, Element, Node } from '@xmldom/xmldom';
import { XMLSerializer } from '@xmldom/xmldom';
import { NsoMultiError } from '../errors.js';
import { childList, ELEMENT_NODE, TEXT_NODE } from './xml-nodes.js';
import type { NodeSpan, SourceMap } from './xml-source-map.js';

const serializer = new XMLSerializer();

// Same children and character data as when parsed. Attributes are not compared: no edit touches them.
function unchanged(node: Node, span: NodeSpan, map: SourceMap): boolean {
  if (node.nodeType !== ELEMENT_NODE) return node.nodeValue === span.data;
  const now = childList(node);
  if (now.length !== span.children.length) return false;
  return now.every((child, i) => {
    const childSpan = map.spans.get(child);
    return child === span.children[i] && childSpan !== undefined && unchanged(child, childSpan, map);
  });
}

// Line-end characters become references: parsers turn a literal CR (XML 1.0), and NEL, LS, PS (XML 1.1,
// and xmldom) into LF, while a reference keeps the character.
function freshText(node: Node): string {
  try {
    return serializer
      .serializeToString(node, { requireWellFormed: true })
      .replace(/[\r\u0085\u2028\u2029]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  } catch (error) {
    throw new NsoMultiError(
      'INTERNAL',
      `cannot write ${JSON.stringify(node.nodeValue)} into ncs.conf: it holds characters XML cannot carry`,
      { hint: 'Paths and addresses must not contain control characters.', cause: error },
    );
  }
}

interface WriteState {
  map: SourceMap;
  layout: WeakSet<Node>;
}

function fresh(node: Node, state: WriteState): string {
  if (node.nodeType === TEXT_NODE) return state.layout.has(node) ? (node.nodeValue ?? '') : freshText(node);
  if (node.nodeType !== ELEMENT_NODE) return serializer.serializeToString(node);
  const element = node as Element;
  if (element.attributes.length > 0) {
    throw new NsoMultiError('INTERNAL', `new element <${element.tagName}> has attributes`, {
      hint: 'nso-multi only creates plain elements in ncs.conf; please report this bug.',
    });
  }
  const inner = childList(element)
    .map((child) => write(child, state))
    .join('');
  return inner === '' ? `<${element.tagName}/>` : `<${element.tagName}>${inner}</${element.tagName}>`;
}

function write(node: Node, state: WriteState): string {
  const { map } = state;
  const span = map.spans.get(node);
  if (span === undefined) return fresh(node, state);
  const { source } = map;
  if (unchanged(node, span, map)) return source.slice(span.start, span.end);
  if (node.nodeType !== ELEMENT_NODE) return fresh(node, state);
  const inner = childList(node)
    .map((child) => write(child, state))
    .join('');
  if (!span.selfClosing) {
    return source.slice(span.start, span.startTagEnd) + inner + source.slice(span.endTagStart, span.end);
  }
  if (inner === '') return source.slice(span.start, span.end);
  const openTag = `${source.slice(span.start, span.startTagEnd - 2).trimEnd()}>`;
  return `${openTag}${inner}</${(node as Element).tagName}>`;
}

// Serializes the document the template became: the text around the root element and every untouched
// node come straight from the template. Without a source map xmldom writes everything: equivalent XML,
// but `<a></a>` becomes `<a/>`, quotes and references are normalized, and a CR in a new value is not
// protected (it would read back as LF).
export function serializePreserving(
  doc: Document,
  map: SourceMap | null,
  bom: string,
  layout: WeakSet<Node> = new WeakSet(),
): string {
  if (map === null) return bom + serializer.serializeToString(doc);
  const rootSpan = map.spans.get(map.root);
  if (rootSpan === undefined) throw new NsoMultiError('INTERNAL', 'source map without the root element');
  const before = map.source.slice(0, rootSpan.start);
  const after = map.source.slice(rootSpan.end);
  return bom + before + write(map.root, { map, layout }) + after;
}
