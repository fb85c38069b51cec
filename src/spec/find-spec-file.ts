// A light spec finder using only node:fs, so `nso-multi env` starts in a few milliseconds without cosmiconfig or yaml.
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isPackageJson, PACKAGE_KEY, PROJECT_ROOT_MARKERS, SEARCH_PLACES } from './search-places.js';

// Finds the spec file cosmiconfig would find: SEARCH_PLACES in cwd, then upwards up to the project root (inclusive).
export async function findSpecFile(cwd: string): Promise<string | undefined> {
  let dir = resolve(cwd);
  for (;;) {
    for (const place of SEARCH_PLACES) {
      const file = join(dir, place);
      if (await isCandidate(file)) return file;
    }
    if (await isProjectRoot(dir)) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

// Mirrors cosmiconfig: unreadable files and folders are skipped, an empty file counts (and is reported later).
async function isCandidate(file: string): Promise<boolean> {
  if (isPackageJson(file)) return hasPackageKey(file);
  try {
    await access(file, constants.R_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

// A package.json counts only when it has a non-null `nso-multi` key; one that does not parse is skipped.
async function hasPackageKey(file: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return false;
  }
  if (text.trim() === '') return true;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return false;
    const value: unknown = (parsed as Record<string, unknown>)[PACKAGE_KEY];
    return value !== undefined && value !== null;
  } catch {
    return false;
  }
}

async function isProjectRoot(dir: string): Promise<boolean> {
  for (const marker of PROJECT_ROOT_MARKERS) {
    try {
      await stat(join(dir, marker));
      return true;
    } catch {
      // not here; try the next marker
    }
  }
  return false;
}
