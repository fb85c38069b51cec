// Maps a key path to its line and column in a parsed YAML (or JSON) document.
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter } from 'yaml';
import type { PathProblem, SpecPath } from './spec-path.js';

/** A 1-based position in the spec file. */
/** A problem with the position it was found at, when known. */
export type PlacedProblem = PathProblem & Partial<Position>;

export interface Position {
  line: number;
  col: number;
}

// Returns a locator: the position of the key at `path` (or the deepest part of it that exists).
export function yamlLocator(
  doc: Document,
  lineCounter: LineCounter,
  prefix: SpecPath = [],
): (path: SpecPath) => Position | undefined {
  return (path) => {
    const offset = offsetOf(doc, [...prefix, ...path]);
    return offset === undefined ? undefined : lineCounter.linePos(offset);
  };
}

function offsetOf(doc: Document, path: SpecPath): number | undefined {
  let node: unknown = doc.contents;
  let best = startOf(node);
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.findLast((p) => keyText(p.key) === String(segment));
      if (!pair) return best;
      best = startOf(pair.key) ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      best = startOf(node) ?? best;
    } else {
      return best;
    }
  }
  return best;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function startOf(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range = (node as { range?: readonly number[] | null }).range;
  return range?.[0];
}
