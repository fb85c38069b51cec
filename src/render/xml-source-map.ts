// Where each parsed node sits in the template text, so untouched parts can be written back byte for byte.
import type { Document, Element, Node } from '@xmldom/xmldom';
import {
  CDATA_SECTION_NODE,
  COMMENT_NODE,
  childList,
  ELEMENT_NODE,
  PROCESSING_INSTRUCTION_NODE,
  TEXT_NODE,
} from './xml-nodes.js';

/** The source range of one parsed node and what it held when parsed. */
export interface NodeSpan {
  start: number;
  end: number;
  /** Elements: end of the start tag and start of the end tag (both equal `end` when self-closing). */
  startTagEnd: number;
  endTagStart: number;
  selfClosing: boolean;
  /** Children and character data at parse time: a node that still matches is written as it was. */
  children: readonly Node[];
  data: string | null;
}

/** Spans of every node under the root element, plus the text before and after the root. */
export interface SourceMap {
  source: string;
  spans: WeakMap<Node, NodeSpan>;
  root: Element;
}

class Unmappable extends Error {}

function lineStartsOf(source: string): number[] {
  // Same line breaks as xmldom's locator counts, which runs on the unnormalized text.
  const starts = [0];
  for (const match of source.matchAll(/\r\n?|\n/g)) starts.push(match.index + match[0].length);
  return starts;
}

function tagEndAfter(source: string, from: number): number {
  let quote = '';
  for (let i = from; i < source.length; i++) {
    const ch = source[i];
    if (quote !== '') {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '>') {
      return i + 1;
    }
  }
  throw new Unmappable('unterminated tag');
}

function endOf(source: string, token: string, from: number): number {
  const at = source.indexOf(token, from);
  if (at < 0) throw new Unmappable(`missing ${token}`);
  return at + token.length;
}

// xmldom makes no node for an empty CDATA section; its text belongs to the gap before the next node.
function skipEmptyCdata(source: string, from: number): number {
  const empty = '<![CDATA[]]>';
  let at = from;
  while (source.startsWith(empty, at)) at += empty.length;
  return at;
}

// Text runs to the next markup; xmldom joins text on both sides of an empty CDATA section into one node.
function textEnd(source: string, start: number): number {
  let end = start;
  for (;;) {
    const next = source.indexOf('<', end);
    if (next < 0) return source.length;
    const after = skipEmptyCdata(source, next);
    if (after === next || after >= source.length || source[after] === '<') return next;
    end = after;
  }
}

// Works out the spans of all nodes; returns null when the parser's positions do not add up (the caller
// then falls back to plain serialization rather than risk splicing at a wrong offset).
export function mapSource(doc: Document, source: string): SourceMap | null {
  const root = doc.documentElement;
  if (root === null) return null;
  const lineStarts = lineStartsOf(source);
  const spans = new WeakMap<Node, NodeSpan>();

  const startOf = (node: Node): number => {
    const { lineNumber, columnNumber } = node;
    const lineStart = lineNumber === undefined ? undefined : lineStarts[lineNumber - 1];
    if (lineStart === undefined || columnNumber === undefined) throw new Unmappable('node without position');
    return lineStart + columnNumber - 1;
  };

  const measure = (node: Node, from: number): number => {
    const start = startOf(node);
    if (start !== skipEmptyCdata(source, from)) throw new Unmappable(`node at ${start}, expected ${from}`);
    const children = childList(node);
    let end: number;
    let startTagEnd = start;
    let endTagStart = start;
    let selfClosing = false;
    switch (node.nodeType) {
      case TEXT_NODE:
        end = textEnd(source, start);
        break;
      case CDATA_SECTION_NODE:
        end = endOf(source, ']]>', start + 9);
        break;
      case COMMENT_NODE:
        end = endOf(source, '-->', start + 4);
        break;
      case PROCESSING_INSTRUCTION_NODE:
        end = endOf(source, '?>', start + 2);
        break;
      case ELEMENT_NODE: {
        startTagEnd = tagEndAfter(source, start + 1);
        selfClosing = source[startTagEnd - 2] === '/';
        if (selfClosing) {
          if (children.length > 0) throw new Unmappable('self-closing element with children');
          end = endTagStart = startTagEnd;
          break;
        }
        let cursor = startTagEnd;
        for (const child of children) cursor = measure(child, cursor);
        endTagStart = skipEmptyCdata(source, cursor);
        if (!source.startsWith('</', endTagStart)) throw new Unmappable('end tag not where expected');
        end = endOf(source, '>', endTagStart);
        break;
      }
      default:
        throw new Unmappable(`unexpected node type ${node.nodeType}`);
    }
    const data = node.nodeType === ELEMENT_NODE ? null : (node.nodeValue ?? '');
    spans.set(node, { start, end, startTagEnd, endTagStart, selfClosing, children, data });
    return end;
  };

  try {
    measure(root, startOf(root));
  } catch (error) {
    if (error instanceof Unmappable) return null;
    throw error;
  }
  return { source, spans, root };
}
