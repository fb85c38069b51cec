// Writes a brand-new file: created exclusively and never through a symlink, its final access set before the
// first byte, flushed to the disk (unless `sync: false`). On failure nothing of it is left.
import type * as fsPromises from 'node:fs/promises';
import { NsoMultiError } from '../errors.js';
import { CREATE_NEW_FLAGS, closeQuietly, removeQuietly } from './fs-steps.js';
import { ioError } from './io-error.js';

export interface NewFileOptions {
  /** Exact permission bits, whatever the umask; default 0666 minus the umask. */
  mode?: number;
  /** Runs on the open, still empty file before its mode is set: e.g. giving it its group. */
  prepare?: (handle: fsPromises.FileHandle) => Promise<void>;
  /** What the error says the writer was doing with `path`; default "write". */
  action?: string;
  /** false: skip the fsync, for files that only need to be atomic against a crash of the process. Default true. */
  sync?: boolean;
}

// Creates `file` (a temp name for `path`) holding `data`; errors name `path`, the file people know.
export async function writeNewFile(
  fs: Pick<typeof fsPromises, 'open' | 'unlink'>,
  file: string,
  path: string,
  data: string | Uint8Array,
  options: NewFileOptions = {},
): Promise<void> {
  let handle: fsPromises.FileHandle | undefined;
  let created = false;
  try {
    // The umask can only remove bits, so the file never has more than `mode` grants; fchmod restores the rest.
    handle = await fs.open(file, CREATE_NEW_FLAGS, options.mode ?? 0o666);
    created = true;
    await options.prepare?.(handle);
    if (options.mode !== undefined) await handle.chmod(options.mode);
    await handle.writeFile(data);
    if (options.sync !== false) await handle.sync();
    await handle.close();
    handle = undefined;
  } catch (error) {
    await closeQuietly(handle);
    if (created) await removeQuietly(file, fs.unlink);
    throw error instanceof NsoMultiError ? error : ioError(options.action ?? 'write', path, error);
  }
}
