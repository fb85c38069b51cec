// Parses spec text with the yaml package, keeping every node's position (for yaml-source.ts, which imports
// this module only when it has text to parse).
import { type Alias, type Document, LineCounter, parseDocument, visit } from 'yaml';
import { rawKey } from './merge-defaults.js';
import type { SpecPath } from './spec-path.js';
import type { PlacedProblem } from './yaml-locate.js';
import { type Position, yamlLocator } from './yaml-locate.js';
import { yamlErrorProblems } from './yaml-problems.js';

/** yaml's own default; a spec needs a handful of aliases at most. */
const MAX_ALIAS_COUNT = 100;

/** Like ParsedSpecText, with a synchronous locator (the document is at hand). */
export interface PositionedSpecText {
  usable: boolean;
  data: unknown;
  problems: PlacedProblem[];
  locate: (path: SpecPath) => Position | undefined;
}

// The yaml package's Document keeps every node's position, and its errors say where the syntax goes wrong.
export function parseWithPositions(text: string, packageKey?: string): PositionedSpecText {
  const lineCounter = new LineCounter();
  // Source tokens tell which quote or bracket was left open.
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: true,
    keepSourceTokens: true,
  });
  const locate = yamlLocator(doc, lineCounter, packageKey === undefined ? [] : [packageKey]);
  const problems: PlacedProblem[] = yamlErrorProblems(doc, lineCounter).map((problem) =>
    packageKey !== undefined && problem.path[0] === packageKey
      ? { ...problem, path: problem.path.slice(1) }
      : problem,
  );
  // A duplicate key leaves the data readable (the last one wins), so validation can still report more.
  if (doc.errors.some((error) => error.code !== 'DUPLICATE_KEY'))
    return { usable: false, data: undefined, problems, locate };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return {
      usable: false,
      data: undefined,
      problems: [...problems, aliasProblem(doc, lineCounter)],
      locate,
    };
  }
  if (packageKey !== undefined) data = rawKey(data, packageKey);
  return { usable: true, data, problems, locate };
}

// toJS throws on aliases without an anchor and on alias bombs; yaml gives no position, so find the alias.
function aliasProblem(doc: Document, lineCounter: LineCounter): PlacedProblem {
  const aliases: Alias[] = [];
  visit(doc, {
    Alias: (_key, node) => {
      aliases.push(node);
    },
  });
  const unresolved = aliases.find((alias) => alias.resolve(doc) === undefined);
  const culprit = unresolved ?? aliases[0];
  const position = culprit?.range ? lineCounter.linePos(culprit.range[0]) : {};
  if (unresolved) {
    return {
      path: [],
      ...position,
      message: `alias *${unresolved.source} has no anchor &${unresolved.source} before it`,
      fix: `define the anchor (&${unresolved.source}) before the alias, or write the value out`,
    };
  }
  return {
    path: [],
    ...position,
    message: `the aliases expand beyond ${MAX_ALIAS_COUNT} nodes (an "alias bomb")`,
    fix: 'write the values out, or put shared settings under `defaults`',
  };
}
