// The key a reused cluster is found by: a hash of the loaded spec (every path in it absolute), the instances
// asked for, the `ncs` that runs them, nso-multi's version, and the files the spec names: the template's and
// each cdbInit file's content, and each package and NED folder's files (path, size, modification time). A change
// to any of them starts another cluster; the old one is stopped once it has been idle.
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Spec } from '../model.js';

/** At most this many files are looked at per folder: a folder bigger than that is known by its first ones. */
const MAX_FILES = 20_000;

export interface ReuseKeyInput {
  spec: Spec;
  names: readonly string[] | undefined;
  /** `sim`, the `ncs` path given, or undefined for the one found as `up` finds it. */
  ncs: string | undefined;
  version: string;
}

// The key: 16 hex digits of a SHA-256 over everything above.
export async function reuseKey(input: ReuseKeyInput): Promise<string> {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify({
      spec: input.spec,
      names: input.names ?? null,
      ncs: input.ncs ?? null,
      version: input.version,
    }),
  );
  const files = new Set<string>();
  const folders = new Set<string>();
  for (const instance of input.spec.instances) {
    files.add(instance.template);
    for (const file of instance.cdbInit ?? []) files.add(file);
    for (const folder of instance.packages ?? []) folders.add(folder);
    for (const network of instance.netsim ?? []) folders.add(network.ned);
  }
  for (const file of [...files].sort()) {
    hash.update(`\0file ${file}\0`);
    hash.update(await readFile(file).catch(() => Buffer.from('(unreadable)')));
  }
  for (const folder of [...folders].sort()) {
    hash.update(`\0folder ${folder}\0`);
    for (const line of await folderFingerprint(folder)) hash.update(`${line}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

// One line per file under `folder` (symlinks are not followed): its relative path, size and mtime, sorted.
async function folderFingerprint(folder: string): Promise<string[]> {
  const lines: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (lines.length >= MAX_FILES) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else {
        const info = await lstat(path).catch(() => undefined);
        if (info !== undefined) lines.push(`${relative(folder, path)} ${info.size} ${info.mtimeMs}`);
      }
    }
  };
  await walk(folder);
  return lines.sort();
}
