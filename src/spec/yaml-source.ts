// Parses spec text (YAML, or JSON, which YAML reads too) keeping positions, so every problem has LINE:COL.
import { type Alias, type Document, LineCounter, parseDocument, visit } from 'yaml';
import type { PathProblem, SpecPath } from './spec-path.js';
import { fastLoadYaml } from './yaml-fast-load.js';
import { type Position, yamlLocator } from './yaml-locate.js';
import { yamlErrorProblems } from './yaml-problems.js';

/** yaml's own default; a spec needs a handful of aliases at most. */
const MAX_ALIAS_COUNT = 100;

/** A problem with the position it was found at, when known. */
export type PlacedProblem = PathProblem & Partial<Position>;

export interface ParsedSpecText {
  /** False when syntax errors make the data unusable. */
  usable: boolean;
  /** The spec data: null for an empty file, undefined when a package.json lacks the key. */
  data: unknown;
  /** Syntax problems (the data may still be usable, e.g. after a duplicate key). */
  problems: PlacedProblem[];
  locate: (path: SpecPath) => Position | undefined;
}

// Parses spec text; with `packageKey` the spec is the value under that key (package.json).
export function parseSpecText(text: string, packageKey?: string): ParsedSpecText {
  // Positions are needed only for a problem: a valid text is loaded fast, and parsed with positions the first
  // time one is asked for (the fast load gives exactly yaml's data, or declines: src/spec/yaml-fast-load.ts).
  const fast = fastLoadYaml(text);
  if (fast === undefined) return parseWithPositions(text, packageKey);
  let locate: ParsedSpecText['locate'] | undefined;
  return {
    usable: true,
    data: packageKey === undefined ? fast.data : valueUnder(fast.data, packageKey),
    problems: [],
    locate: (path) => {
      locate ??= parseWithPositions(text, packageKey).locate;
      return locate(path);
    },
  };
}

function valueUnder(data: unknown, key: string): unknown {
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
}

// The yaml package's Document keeps every node's position, and its errors say where the syntax goes wrong.
function parseWithPositions(text: string, packageKey?: string): ParsedSpecText {
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
  if (packageKey !== undefined) data = valueUnder(data, packageKey);
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
