// Parses spec text (YAML, or JSON, which YAML reads too); every problem can be given a LINE:COL.
import type { SpecPath } from './spec-path.js';
import type { PlacedProblem, Position } from './yaml-locate.js';

export interface ParsedSpecText {
  /** False when syntax errors make the data unusable. */
  usable: boolean;
  /** The spec data: null for an empty file, undefined when a package.json lacks the key. */
  data: unknown;
  /** Syntax problems (the data may still be usable, e.g. after a duplicate key). */
  problems: PlacedProblem[];
  /** The position of a key. */
  locate: (path: SpecPath) => Promise<Position | undefined>;
}

// Parses spec text; with `packageKey` the spec is the value under that key (package.json).
export async function parseSpecText(text: string, packageKey?: string): Promise<ParsedSpecText> {
  // The yaml package is imported only here: commands that find no spec text to parse never load it.
  const positioned = (await import('./yaml-positions.js')).parseWithPositions(text, packageKey);
  return { ...positioned, locate: async (path) => positioned.locate(path) };
}
