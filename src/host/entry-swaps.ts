// Whole folder entries (a package symlink, a copied package folder, a file) replaced or removed as one set, the
// counterpart of file-batch.ts for what a rename cannot put over an existing folder. Each new entry is built
// under a hidden temp name beside its place first; apply() then moves each old entry aside (a rename) and the
// new one in (a rename). An error in apply() moves everything back, so the set ends all old or all new; finish()
// deletes what was moved aside, discard() what was built but never applied.
//
// What remains, honestly: a crash of the process during apply(), between the two renames of one entry, leaves
// that entry missing, and `.NAME.PID.HEX.bak`/`.tmp` entries beside it; the next render builds it again.
// Deleting never follows a symlink: removing a link removes the link, not the package it points to.
import type * as fsPromises from 'node:fs/promises';
import { lstat, rename, rm } from 'node:fs/promises';
import { NsoMultiError } from '../errors.js';
import { backupPathFor, tempPathFor } from './fs-steps.js';
import { errnoCode, ioError } from './io-error.js';

/** The file functions the swaps use; tests swap one for a failing version. */
export type SwapFs = Pick<typeof fsPromises, 'lstat' | 'rename' | 'rm'>;

type Step = { kind: 'place'; path: string; temp: string } | { kind: 'remove'; path: string };

/** What apply() did to one path, so that it can be undone. */
interface Done {
  path: string;
  aside?: string;
  placedFrom?: string;
}

export interface EntrySwaps {
  /** Builds the next version of the entry at `path` now, under a temp name that `make` must create. */
  stage(path: string, make: (temp: string) => Promise<void>): Promise<void>;
  /** Marks the entry at `path` for removal by apply() (nothing happens when it is gone by then). */
  remove(path: string): void;
  /** Puts every staged entry in place and removes the marked ones, or (on an error) none. */
  apply(): Promise<void>;
  /** Deletes the entries apply() moved aside; after the whole render succeeded. */
  finish(): Promise<void>;
  /** Deletes what was built but not applied; harmless after finish(). */
  discard(): Promise<void>;
}

// Opens an empty set of swaps; nothing touches the disk until an entry is staged.
export function createEntrySwaps(options: { fs?: SwapFs } = {}): EntrySwaps {
  const fs = options.fs ?? { lstat, rename, rm };
  const steps: Step[] = [];
  const done: Done[] = [];
  let applied = false;
  const remove = (path: string) => fs.rm(path, { recursive: true, force: true }).catch(() => undefined);

  const exists = async (path: string) => {
    try {
      await fs.lstat(path);
      return true;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return false;
      throw ioError('inspect', path, error);
    }
  };

  const applyStep = async (step: Step) => {
    const record: Done = { path: step.path };
    done.push(record);
    if (await exists(step.path)) {
      const aside = backupPathFor(step.path);
      await fs.rename(step.path, aside).catch((error: unknown) => {
        throw ioError('move aside', step.path, error);
      });
      record.aside = aside;
    }
    if (step.kind === 'remove') return;
    await fs.rename(step.temp, step.path).catch((error: unknown) => {
      throw ioError('put in place', step.path, error);
    });
    record.placedFrom = step.temp;
  };

  // Last first: the new entry goes back to its temp name (discard() deletes it), the old one comes back.
  const undo = async (): Promise<string[]> => {
    const failed: string[] = [];
    for (const record of done.splice(0).reverse()) {
      try {
        if (record.placedFrom !== undefined) await fs.rename(record.path, record.placedFrom);
        if (record.aside !== undefined) await fs.rename(record.aside, record.path);
      } catch (error) {
        const kept = record.aside === undefined ? '' : `, previous version kept as ${record.aside}`;
        failed.push(`${record.path} (${errnoCode(error) ?? String(error)}${kept})`);
      }
    }
    return failed;
  };

  const discard = async () => {
    for (const step of steps.splice(0)) if (step.kind === 'place') await remove(step.temp);
  };

  return {
    async stage(path, make) {
      const temp = tempPathFor(path);
      steps.push({ kind: 'place', path, temp });
      await make(temp);
    },
    remove(path) {
      steps.push({ kind: 'remove', path });
    },
    async apply() {
      if (applied) throw new NsoMultiError('INTERNAL', 'entry swaps applied twice');
      applied = true;
      try {
        for (const step of steps) await applyStep(step);
      } catch (error) {
        const failed = await undo();
        // Now, not later: the batch removes the folders it created when this throws, which must be empty.
        await discard();
        if (failed.length === 0) throw error;
        throw new NsoMultiError(
          'IO',
          `${String((error as Error).message)}; undoing failed for ${failed.join('; ')}`,
          {
            cause: error,
            hint: 'Run `nso-multi render` again once the cause is fixed: it rebuilds every entry.',
          },
        );
      }
    },
    async finish() {
      for (const record of done.splice(0)) if (record.aside !== undefined) await remove(record.aside);
    },
    discard,
  };
}
