// Whether a start must ask NSO to reload its packages. NSO copies the packages it finds on the load path into
// state/packages-in-use at its first start and from then on loads only those copies, unless started with
// `--with-package-reload` (measured on 6.2.5). A package dropped from the load path makes that reload abort
// (exit 21, "The following modules will be deleted by upgrade ... proceed with 'force'"), so a removal needs
// `--with-package-reload-force`, which deletes the removed packages' data from the CDB. Pure.
import { join } from 'node:path';
import type { RunDirContents, StartedPackage } from '../state/state-document.js';

/** The `ncs` start flags. */
export const PACKAGE_RELOAD_FLAG = '--with-package-reload';
export const PACKAGE_RELOAD_FORCE_FLAG = '--with-package-reload-force';

/** What changed since the daemon last started; null: nothing to reload. */
export interface PackageReload {
  /** Package folder names new or from another source folder since the last start. */
  added: string[];
  /** Package folder names no longer in the spec. */
  removed: string[];
  /** True when nso-multi has no record of the last start (an older state): reloaded to be sure. */
  unrecorded: boolean;
  flag: typeof PACKAGE_RELOAD_FLAG | typeof PACKAGE_RELOAD_FORCE_FLAG;
}

// The packages render laid out for the instance, as recorded once a start with them succeeds.
export function packagesOf(contents: RunDirContents | undefined): StartedPackage[] {
  return (contents?.packages ?? []).map(({ name, source }) => ({ name, source }));
}

// The recorded packages of the last start, ignoring anything malformed (the state is user-editable JSON).
export function startedPackagesOf(value: unknown): StartedPackage[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(
    (p): p is StartedPackage =>
      typeof p === 'object' && p !== null && typeof p.name === 'string' && typeof p.source === 'string',
  );
}

/** What NSO keeps of the packages it runs with, relative to the run dir with ncs-setup's `./state`. */
export const PACKAGES_IN_USE = join('state', 'packages-in-use');

// Compares the packages render laid out with those of the last successful start. Without a record, a set that
// is not empty is reloaded once when NSO has run before (`inUse`: the run dir has state/packages-in-use); on a
// first start NSO loads the load path's packages anyway.
export function packageReload(
  started: readonly StartedPackage[] | undefined,
  current: readonly StartedPackage[],
  inUse: boolean,
): PackageReload | null {
  if (started === undefined) {
    if (current.length === 0 || !inUse) return null;
    return { added: current.map((p) => p.name), removed: [], unrecorded: true, flag: PACKAGE_RELOAD_FLAG };
  }
  const before = new Map(started.map((p) => [p.name, p.source]));
  const now = new Set(current.map((p) => p.name));
  const added = current.filter((p) => before.get(p.name) !== p.source).map((p) => p.name);
  const removed = started.filter((p) => !now.has(p.name)).map((p) => p.name);
  if (added.length === 0 && removed.length === 0) return null;
  const flag = removed.length > 0 ? PACKAGE_RELOAD_FORCE_FLAG : PACKAGE_RELOAD_FLAG;
  return { added, removed, unrecorded: false, flag };
}

// How `up` describes a reload, e.g. `reloading packages (added router; removed old-ned, --with-package-reload-force)`.
export function describePackageReload(reload: PackageReload): string {
  const parts = [
    ...(reload.added.length > 0 ? [`added ${reload.added.join(', ')}`] : []),
    ...(reload.removed.length > 0 ? [`removed ${reload.removed.join(', ')}`] : []),
  ];
  const why = reload.unrecorded ? 'no record of the last start; ' : '';
  return `reloading packages (${why}${parts.join('; ')}: ${reload.flag})`;
}
