// Reads a spec file into data plus a locator: text specs with positions, .js/.mjs specs through cosmiconfig.
import { readFile } from 'node:fs/promises';
import { NsoMultiError } from '../errors.js';
import { isModuleSpecFile, isPackageJson, PACKAGE_KEY } from './search-places.js';
import type { SpecPath } from './spec-path.js';
import type { Position } from './yaml-locate.js';
import { type ParsedSpecText, parseSpecText } from './yaml-source.js';

/** A spec file read and parsed, not yet validated. */
export interface SpecSource extends ParsedSpecText {
  /** The spec file, absolute. */
  file: string;
  /** True for YAML/JSON text, where every problem can be given a position. */
  positioned: boolean;
}

const noPosition = async (_path: SpecPath): Promise<Position | undefined> => undefined;

// Reads a text spec (YAML, JSON, rc, package.json) and parses it with positions.
export async function readTextSource(file: string, shownAs: string): Promise<SpecSource> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw unreadable(error, file, shownAs);
  }
  const packageKey = isPackageJson(file) ? PACKAGE_KEY : undefined;
  const parsed = await parseSpecText(text, packageKey);
  if (packageKey !== undefined && parsed.usable && parsed.data === undefined && text.trim() !== '') {
    parsed.problems.push({
      path: [],
      line: 1,
      col: 1,
      message: `package.json has no \`${PACKAGE_KEY}\` key`,
      fix: `put the spec under "${PACKAGE_KEY}", or pass a YAML spec with -c`,
    });
    return { ...parsed, usable: false, file, positioned: true };
  }
  return { ...parsed, file, positioned: true };
}

// Turns a cosmiconfig result for a .js/.mjs spec into a source; such problems have no position.
export function moduleSource(file: string, config: unknown, isEmpty: boolean | undefined): SpecSource {
  return {
    file,
    usable: true,
    data: isEmpty ? null : config,
    problems: [],
    locate: noPosition,
    positioned: false,
  };
}

// A .js/.mjs spec that throws while loading is a problem of the spec, not a crash.
export function moduleLoadFailure(file: string, error: unknown): SpecSource {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return {
    file,
    usable: false,
    data: undefined,
    problems: [
      { path: [], message: `the module failed to load: ${reason}`, fix: 'fix the error in this module' },
    ],
    locate: noPosition,
    positioned: false,
  };
}

// Loads a spec file, given with -c or found by the search: by its extension, as a module or as text.
export async function readGivenSource(file: string, shownAs: string): Promise<SpecSource> {
  if (!isModuleSpecFile(file)) return readTextSource(file, shownAs);
  // Imported here, not at the top: only a .js/.mjs spec needs cosmiconfig (~35 ms to load).
  const { specExplorer } = await import('./spec-explorer.js');
  try {
    const result = await specExplorer().load(file);
    return moduleSource(file, result?.config, result?.isEmpty ?? result === null);
  } catch (error) {
    if (isErrno(error)) throw unreadable(error, file, shownAs);
    return moduleLoadFailure(file, error);
  }
}

function isErrno(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'syscall' in error
  );
}

function unreadable(error: unknown, file: string, shownAs: string): NsoMultiError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new NsoMultiError('SPEC_NOT_FOUND', `spec file ${shownAs} does not exist`, {
      cause: error,
      hint: 'check the path given with -c (relative to the current folder), or leave -c out to search for nso-multi.yaml',
    });
  }
  if (code === 'EISDIR') {
    return new NsoMultiError('SPEC_NOT_FOUND', `spec file ${shownAs} is a folder`, {
      cause: error,
      hint: `pass the spec file itself, e.g. -c ${shownAs}/nso-multi.yaml`,
    });
  }
  return new NsoMultiError('IO', `cannot read spec file ${file}: ${code ?? String(error)}`, {
    cause: error,
    hint: 'check the permissions of the file',
  });
}
