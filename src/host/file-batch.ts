// A set of files replaced together: every new version is written to a temp file first (fsynced), and only
// when all of them are ready are they put in place, one rename after another. An error at any point undoes
// what was done (each replaced file comes back from a hard-link backup, each new file goes), so the set ends
// all old or all new.
//
// What remains, honestly: a crash of the process itself (SIGKILL, power loss) during commit(), between two
// renames, cannot be undone. The files renamed so far are then new and the rest old, and `.NAME.PID.HEX.tmp`
// or `.bak` files may be left beside them (nothing removes those but the user; they are never read). Renames
// follow the order of staging and render stages the state file last, so after such a crash the state still
// describes the previous render while some ncs.conf/env files may already hold the new one; the next render
// rewrites them all. On a file system without hard links a replaced file gets no backup: an error after its
// rename cannot bring it back, and the error says so.
//
// A staged file whose path already holds exactly the same (a regular file with the same bytes, permission bits
// and owner) is left alone: no temp file, no rename, no fsync, its mtime kept, so re-rendering an unchanged
// project writes only what changed (the state file, whose renderedAt always does). Being untouched, it needs
// no undo either.
import { link, lstat, mkdir, open, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { existingRegularFile } from './atomic-file.js';
import {
  alreadyInPlace,
  commitSteps,
  type PlacedStep,
  type StagedStep,
  undoSteps,
} from './file-batch-steps.js';
import { type BatchFs, removeQuietly, syncDir, tempPathFor } from './fs-steps.js';
import { ioError } from './io-error.js';
import { makeDirs } from './make-dirs.js';
import { writeNewFile } from './new-file.js';

export const realBatchFs: BatchFs = { lstat, stat, open, rename, unlink, link, mkdir, rmdir };

export interface StageOptions {
  /** Exact permission bits, whatever the umask. Default: the replaced file's mode, else 0666 minus umask. */
  mode?: number;
}

export interface StageWithOptions {
  /** 'replace' renames over an existing file; 'create' puts the file in place only if nothing is there yet. */
  placement: 'replace' | 'create';
  /** With 'create': runs after commit when another writer's file got there first (ours is dropped). */
  onExisting?: () => Promise<void>;
}

export interface FileBatch {
  readonly fs: BatchFs;
  /** Creates a folder and its missing parents now; those it created are removed again if the batch fails. */
  ensureDir(path: string, options?: { followSymlink?: boolean; mode?: number }): Promise<void>;
  /** Writes the next version of `path` to a temp file now; commit() puts it in place. A regular file that
   * already holds exactly these bytes, with this mode and the owner a rewrite would give it, is left alone. */
  stage(path: string, data: string | Uint8Array, options?: StageOptions): Promise<void>;
  /** Like stage(), with the temp file created by `write` (which must create it exclusively). */
  stageWith(path: string, options: StageWithOptions, write: (temp: string) => Promise<void>): Promise<void>;
  /** Runs after every file is in place; if it fails, the whole batch is undone. */
  afterPlacing(action: () => Promise<void>): void;
  /** Puts every staged file in place, or none (see the header for the crash window). */
  commit(): Promise<void>;
  /** Removes the temp files and the folders this batch created; for a batch that will not be committed. */
  abort(): Promise<void>;
}

// Opens an empty batch; nothing touches the disk until a folder or file is staged.
export function createFileBatch(options: { fs?: BatchFs } = {}): FileBatch {
  const fs = options.fs ?? realBatchFs;
  const steps: StagedStep[] = [];
  // The paths of `steps`, so that stage() tells a path staged before at the cost of a lookup.
  const stagedPaths = new Set<string>();
  const createdDirs: string[] = [];
  const after: (() => Promise<void>)[] = [];
  let state: 'open' | 'committed' | 'aborted' = 'open';

  const checkOpen = () => {
    if (state !== 'open') throw new NsoMultiError('INTERNAL', `file batch used after it was ${state}`);
  };

  const cleanUp = async () => {
    for (const step of steps) await removeQuietly(step.temp, fs.unlink);
    for (const dir of createdDirs.splice(0).reverse()) await fs.rmdir(dir).catch(() => undefined);
  };

  const batch: FileBatch = {
    fs,
    async ensureDir(path, dirOptions = {}) {
      checkOpen();
      await makeDirs(fs, path, dirOptions, createdDirs);
    },
    async stageWith(path, stageOptions, write) {
      checkOpen();
      const temp = tempPathFor(path);
      await write(temp);
      steps.push({ path, temp, ...stageOptions });
      stagedPaths.add(path);
    },
    async stage(path, data, stageOptions = {}) {
      checkOpen();
      const existing = await existingRegularFile(fs, path);
      // Keep a replaced file's permissions unless told otherwise, as an in-place write would.
      const mode = stageOptions.mode ?? (existing ? existing.mode & 0o7777 : undefined);
      // A file changed by someone else between this check and commit() keeps their version instead of ours:
      // no worse than a change made just after our rename, and the next render replaces it. A symlink or other
      // entry swapped in meanwhile is neither followed nor written to (we only read, with O_NOFOLLOW).
      // A path already staged in this batch is staged again: the disk does not show what commit() would leave.
      if (
        existing &&
        mode !== undefined &&
        !stagedPaths.has(path) &&
        (await alreadyInPlace(fs, path, existing, data, mode))
      )
        return;
      await batch.stageWith(path, { placement: 'replace' }, (temp) =>
        writeNewFile(fs, temp, path, data, mode === undefined ? {} : { mode }),
      );
    },
    afterPlacing(action) {
      checkOpen();
      after.push(action);
    },
    async commit() {
      checkOpen();
      const placed: PlacedStep[] = [];
      try {
        await commitSteps(fs, steps, placed);
        for (const action of after) await action();
      } catch (error) {
        state = 'aborted';
        const notUndone = await undoSteps(fs, placed);
        await cleanUp();
        throw withUndoFailures(error, notUndone);
      }
      state = 'committed';
      for (const step of placed) if (step.backup) await removeQuietly(step.backup, fs.unlink);
      for (const dir of new Set(steps.map((s) => dirname(s.path)))) await syncDir(dir);
    },
    async abort() {
      if (state !== 'open') return;
      state = 'aborted';
      await cleanUp();
    },
  };
  return batch;
}

// The error of a failed commit, plus the files that could not be brought back (with where their copy is).
function withUndoFailures(error: unknown, notUndone: string[]): unknown {
  if (notUndone.length === 0) return error;
  const first = error instanceof NsoMultiError ? error : ioError('write', 'a file', error);
  return new NsoMultiError(
    first.code,
    `${first.message}; undoing the files already replaced failed for: ${notUndone.join('; ')}`,
    { cause: error, hint: 'Run `nso-multi render` again once the cause is fixed: it rewrites every file.' },
  );
}
