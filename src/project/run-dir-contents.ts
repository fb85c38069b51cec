// Fills an instance's packages/ and ncs-cdb/ the way `ncs-setup --package` and its init files would: each
// spec package as a relative symlink (or a fresh copy), each CDB init file copied under its name. Only entries
// an earlier render recorded as its own are ever replaced as folders or removed; the user's stay, with a warning.
import type { Stats } from 'node:fs';
import { cp, lstat, readdir, readFile, readlink, stat, symlink } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { NsoMultiError } from '../errors.js';
import type { EntrySwaps } from '../host/entry-swaps.js';
import type { FileBatch } from '../host/file-batch.js';
import { errnoCode, ioError } from '../host/io-error.js';
import type { InstancePlan } from '../model.js';
import type { Notice } from '../notice.js';
import type { OwnedPackage, RunDirContents } from '../state/state-document.js';

/** How a package is copied; tests swap it for a failing version. */
export type CopyTree = (source: string, destination: string) => Promise<void>;

// Copies a package folder as it is: symlinks inside stay symlinks, nothing is overwritten.
export const copyTree: CopyTree = (source, destination) =>
  cp(source, destination, { recursive: true, verbatimSymlinks: true, errorOnExist: true, force: false });

export interface InstanceContentsStaged {
  /** What this render owns once committed: recorded in the state. */
  owned: RunDirContents;
  notices: Notice[];
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw ioError('inspect', path, error);
  }
}

// The recorded run-dir contents of an earlier render, ignoring anything malformed (the state is user-editable JSON).
export function runDirContents(value: unknown): RunDirContents {
  const record = typeof value === 'object' && value !== null ? (value as Partial<RunDirContents>) : {};
  const packages = Array.isArray(record.packages) ? record.packages : [];
  return {
    packages: packages.filter(
      (p): p is OwnedPackage =>
        plainName(p?.name) && (p.mode === 'link' || p.mode === 'copy') && typeof p.source === 'string',
    ),
    cdbInit: Array.isArray(record.cdbInit) ? record.cdbInit.filter(plainName) : [],
  };
}

// A recorded name must stay inside its folder: a hand-edited state must not make render remove ../anything.
function plainName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && basename(name) === name;
}

// Stages the instance's packages (in `swaps`) and CDB init files (in `batch`), and the removal of entries an
// earlier render made that the spec no longer names. Folders themselves were made by stageInstance.
export async function stageInstanceContents(
  batch: FileBatch,
  swaps: EntrySwaps,
  instance: InstancePlan,
  previous: RunDirContents,
  copy: CopyTree = copyTree,
): Promise<InstanceContentsStaged> {
  const notices: Notice[] = [];
  const warn = (message: string) =>
    notices.push({
      level: 'warning',
      instance: instance.name,
      message: `instance ${instance.name}: ${message}`,
    });
  const packagesDir = join(instance.runDir, 'packages');
  const mode = instance.spec.copyPackages === true ? 'copy' : 'link';
  const owned: RunDirContents = { packages: [], cdbInit: [] };
  const wanted = new Set<string>();
  for (const source of instance.spec.packages ?? []) {
    const name = basename(source);
    wanted.add(name);
    await checkPackageSource(instance.name, source);
    const path = join(packagesDir, name);
    const existing = await lstatOrUndefined(path);
    const ours = previous.packages.some((p) => p.name === name && p.mode === 'copy');
    if (existing !== undefined && !existing.isSymbolicLink() && !(ours && existing.isDirectory())) {
      warn(
        `packages/${name} is not a link or copy nso-multi made; kept it, so ${source} is not used — move it away`,
      );
      continue;
    }
    if (mode === 'link') {
      const target = relative(packagesDir, source);
      await swaps.stage(path, (temp) => symlink(target, temp, 'dir'));
      owned.packages.push({ name, mode, source, target });
    } else {
      await swaps.stage(path, (temp) => copy(source, temp));
      owned.packages.push({ name, mode, source });
    }
  }
  for (const stale of previous.packages.filter((p) => !wanted.has(p.name))) {
    await removeStalePackage(swaps, join(packagesDir, stale.name), stale, warn);
  }
  await stageCdbInit(batch, swaps, instance, previous, owned, warn);
  return { owned, notices };
}

// The spec is checked at load, but not when workdir/envDir are overridden (test suites): never link to nothing.
async function checkPackageSource(instance: string, source: string): Promise<void> {
  const stats = await stat(source).catch(() => undefined);
  if (stats?.isDirectory() !== true) {
    throw new NsoMultiError('IO', `instance ${instance}: package folder ${source} does not exist`, {
      hint: "fix `packages` in the spec (paths are relative to the spec's folder)",
      instance,
    });
  }
}

// Removes a package entry the spec dropped, but only if it is still what render made.
async function removeStalePackage(
  swaps: EntrySwaps,
  path: string,
  stale: OwnedPackage,
  warn: (message: string) => void,
): Promise<void> {
  const existing = await lstatOrUndefined(path);
  if (existing === undefined) return;
  const unchanged =
    stale.mode === 'link'
      ? existing.isSymbolicLink() && (await readlink(path)) === stale.target
      : existing.isDirectory();
  if (unchanged) swaps.remove(path);
  else
    warn(`packages/${stale.name} is no longer in the spec but was changed since nso-multi made it; kept it`);
}

// Copies each init file into ncs-cdb/ and drops the ones an earlier render copied that the spec no longer names.
async function stageCdbInit(
  batch: FileBatch,
  swaps: EntrySwaps,
  instance: InstancePlan,
  previous: RunDirContents,
  owned: RunDirContents,
  warn: (message: string) => void,
): Promise<void> {
  const cdbDir = join(instance.runDir, 'ncs-cdb');
  const files = instance.spec.cdbInit ?? [];
  for (const source of files) {
    const data = await readFile(source).catch((error: unknown) => {
      throw ioError('read', source, error);
    });
    await batch.stage(join(cdbDir, basename(source)), data, { mode: 0o644 });
    owned.cdbInit.push(basename(source));
  }
  for (const name of previous.cdbInit.filter((n) => !owned.cdbInit.includes(n))) {
    if ((await lstatOrUndefined(join(cdbDir, name)))?.isFile()) swaps.remove(join(cdbDir, name));
  }
  if (files.length === 0) return;
  const cdbs = (await readdir(cdbDir).catch(() => [] as string[])).filter((n) => n.endsWith('.cdb')).sort();
  if (cdbs.length > 0) {
    warn(
      `ncs-cdb/ already holds a CDB (${cdbs.join(', ')}); NSO reads init files only into an empty CDB — remove ncs-cdb/*.cdb (or down --purge) to load them`,
    );
  }
}
