// Parses spec text (YAML, or JSON, which YAML reads too); every problem can be given a LINE:COL.
import { rawKey } from './merge-defaults.js';
import type { SpecPath } from './spec-path.js';
import { fastLoadYaml } from './yaml-fast-load.js';
import type { PlacedProblem, Position } from './yaml-locate.js';

export interface ParsedSpecText {
  /** False when syntax errors make the data unusable. */
  usable: boolean;
  /** The spec data: null for an empty file, undefined when a package.json lacks the key. */
  data: unknown;
  /** Syntax problems (the data may still be usable, e.g. after a duplicate key). */
  problems: PlacedProblem[];
  /** The position of a key; the first call of a fast-loaded text parses it again, keeping positions. */
  locate: (path: SpecPath) => Promise<Position | undefined>;
}

// Parses spec text; with `packageKey` the spec is the value under that key (package.json).
export async function parseSpecText(text: string, packageKey?: string): Promise<ParsedSpecText> {
  // Positions are needed only for a problem: a valid text is loaded fast, and parsed with positions (by the
  // yaml package, imported only then) the first time one is asked for. The fast load gives exactly yaml's
  // data, or declines (src/spec/yaml-fast-load.ts).
  const fast = fastLoadYaml(text);
  if (fast === undefined) {
    const positioned = (await import('./yaml-positions.js')).parseWithPositions(text, packageKey);
    return { ...positioned, locate: async (path) => positioned.locate(path) };
  }
  let positions: Promise<(path: SpecPath) => Position | undefined> | undefined;
  return {
    usable: true,
    data: packageKey === undefined ? fast.data : rawKey(fast.data, packageKey),
    problems: [],
    locate: async (path) => {
      positions ??= import('./yaml-positions.js').then(
        ({ parseWithPositions }) => parseWithPositions(text, packageKey).locate,
      );
      return (await positions)(path);
    },
  };
}
