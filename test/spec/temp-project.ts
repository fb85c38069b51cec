// Test helpers: temporary project folders (removed after each test) and the problems a load reports.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach } from 'vitest';
import { formatProblem, isNsoMultiError, NsoMultiError } from '../../src/errors.js';

// Registers cleanup and returns a maker of temp folders filled with the given files (path → text).
export function useTempDirs(): (files?: Record<string, string>) => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async (files = {}) => {
    const dir = await mkdtemp(join(tmpdir(), 'nso-multi-spec-'));
    made.push(dir);
    await writeFiles(dir, files);
    return dir;
  };
}

// Writes files under `dir`, creating folders as needed.
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

// Every file and folder under `dir`, relative, sorted: to prove that loading wrote nothing.
export async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

// Awaits a load that must fail with an NsoMultiError and returns it.
export async function failure(promise: Promise<unknown>): Promise<NsoMultiError> {
  try {
    await promise;
  } catch (error) {
    if (isNsoMultiError(error)) return error;
    throw error;
  }
  throw new Error('expected the load to fail');
}

// Awaits a load that must fail with SPEC_INVALID and returns its problems formatted as the CLI prints them.
export async function problemLines(promise: Promise<unknown>): Promise<string[]> {
  const error = await failure(promise);
  if (error.code !== 'SPEC_INVALID') throw new NsoMultiError(error.code, error.message, { cause: error });
  return error.problems.map(formatProblem);
}

// A lookupGroup that knows `ncsadmin` (gid 4242) only.
export async function fakeGroups(group: string | number): Promise<unknown | undefined> {
  return group === 'ncsadmin' || group === 4242 || group === '4242'
    ? { name: 'ncsadmin', gid: 4242 }
    : undefined;
}
