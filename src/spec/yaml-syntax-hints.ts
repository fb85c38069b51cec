// Finds what a YAML syntax error is about when yaml reports it elsewhere: the quote or bracket left open
// (yaml notices only at the end of the file), the first of two equal keys.
import { type Document, isMap, isScalar, isSeq, type Scalar, visit } from 'yaml';
import type { SpecPath } from './spec-path.js';

/** A place in the text, with what opened there. */
export interface Opening {
  offset: number;
  char: string;
}

function isClosedQuote(source: string, quote: string): boolean {
  if (quote === "'") return source.length >= 2 && (source.match(/'/g) ?? []).length % 2 === 0;
  const unescaped = source.replace(/\\[\s\S]/g, '');
  return (unescaped.match(/"/g) ?? []).length >= 2;
}

// The last quoted value whose closing quote is missing (yaml parsed it to the end of the file).
export function unclosedQuote(doc: Document): Opening | undefined {
  let found: Opening | undefined;
  visit(doc, {
    Scalar: (_key, node: Scalar) => {
      const source = (node.srcToken as { source?: unknown } | undefined)?.source;
      if (typeof source !== 'string') return;
      const quote = source.charAt(0);
      if ((quote === '"' || quote === "'") && !isClosedQuote(source, quote) && node.range) {
        found = { offset: node.range[0], char: quote };
      }
    },
  });
  return found;
}

// The innermost flow list or mapping whose `]` or `}` is missing.
export function unclosedFlow(doc: Document): Opening | undefined {
  let found: Opening | undefined;
  visit(doc, {
    Collection: (_key, node) => {
      if (!node.flow || !node.range) return;
      const token = node.srcToken as { start?: { source?: string }; end?: { source?: string }[] } | undefined;
      const open = token?.start?.source;
      if (open !== '[' && open !== '{') return;
      const close = open === '[' ? ']' : '}';
      if (!(token?.end ?? []).some((t) => t.source === close)) found = { offset: node.range[0], char: open };
    },
  });
  return found;
}

/** A key written twice in one mapping. */
export interface DuplicateKey {
  path: SpecPath;
  key: string;
  /** Offset of the first of the two keys. */
  firstOffset: number;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

// The duplicate key that starts at `offset`, with its path and where the first one is.
export function duplicateKeyAt(doc: Document, offset: number): DuplicateKey | undefined {
  const search = (node: unknown, path: (string | number)[]): DuplicateKey | undefined => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const text = keyText(pair.key);
        if (text === undefined) continue;
        const start = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        if (start === offset) {
          const first = node.items.find((p) => keyText(p.key) === text);
          const firstOffset = isScalar(first?.key) ? first.key.range?.[0] : undefined;
          return { path: [...path, text], key: text, firstOffset: firstOffset ?? offset };
        }
        const inner = search(pair.value, [...path, text]);
        if (inner) return inner;
      }
    } else if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) {
        const inner = search(item, [...path, index]);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  return search(doc.contents, []);
}
