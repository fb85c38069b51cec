// Finds the state file from the spec's `workdir` without loading the spec machinery, for commands that must
// start in milliseconds (`env`). The full loader is used whenever the cheap reading is not certain.
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { STATE_FILE_NAME } from '../model.js';

export const DEFAULT_WORKDIR = '.nso-multi';

// A plain or simply quoted top-level `workdir:` line; anything fancier goes to the YAML parser.
const WORKDIR_LINE =
  /^workdir:[ \t]*(?:'([^'\n]*)'|"([^"\\\n]*)"|([^'"\s#&*!|>%@`[\]{},?:-][^#\n]*?))[ \t]*(?:#.*)?$/m;

/** The `workdir` value of a YAML spec text when a cheap scan is certain of it; undefined means "parse it". */
export function scanWorkdir(text: string): string | null | undefined {
  // Whole-line comments cannot hold the key; any other mention of the word makes the scan unsure.
  const code = text.replace(/^[ \t]*#.*$/gm, '');
  const mentions = code.match(/workdir/g)?.length ?? 0;
  if (mentions === 0) return null;
  const match = WORKDIR_LINE.exec(code);
  if (match === null || mentions > 1) return undefined;
  return match[1] ?? match[2] ?? match[3] ?? undefined;
}

async function workdirOf(specFile: string, text: string): Promise<unknown> {
  const name = basename(specFile);
  if (name.endsWith('.js') || name.endsWith('.mjs')) {
    const module = (await import(pathToFileURL(specFile).href)) as { default?: { workdir?: unknown } };
    return module.default?.workdir;
  }
  if (name === 'package.json')
    return (JSON.parse(text) as Record<string, { workdir?: unknown }>)['nso-multi']?.workdir;
  const scanned = scanWorkdir(text);
  if (scanned !== undefined) return scanned;
  const { parse } = await import('yaml');
  return (parse(text) as { workdir?: unknown } | null)?.workdir;
}

// The state file path of a spec, and the spec's text (for the staleness check).
export async function locateState(specFile: string): Promise<{ stateFile: string; specText: string }> {
  const specText = await readFile(specFile, 'utf8');
  const workdir = await workdirOf(specFile, specText);
  const dir = typeof workdir === 'string' && workdir !== '' ? workdir : DEFAULT_WORKDIR;
  return { stateFile: resolve(dirname(specFile), dir, STATE_FILE_NAME), specText };
}
