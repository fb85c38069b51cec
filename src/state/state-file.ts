// Reads and writes the state file in the workdir; the only IO around the state document.
import { constants } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { NsoMultiError } from '../errors.js';
import { type AtomicFs, writeFileAtomic } from '../host/atomic-file.js';
import { errnoCode, ioError } from '../host/io-error.js';
import { parseState, type StateDocument } from './state-document.js';

/** Owner read/write only: the state names paths and pids, nothing for others to read. */
export const STATE_FILE_MODE = 0o600;

// The state file's text: indented JSON with a final newline.
export function formatState(state: StateDocument): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

// The state file's text; undefined when there is none. A symlink there is refused, not followed.
export async function readStateText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, { encoding: 'utf8', flag: constants.O_RDONLY | constants.O_NOFOLLOW });
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') {
      throw new NsoMultiError('UNSAFE_PATH', `Refusing to read state file ${file}: it is a symbolic link`, {
        hint: 'nso-multi reads and writes only a regular state file; move the link away and run again.',
      });
    }
    throw ioError('read state file', file, error);
  }
}

// Reads the state file; undefined when there is none yet; STATE_CORRUPT when it cannot be parsed.
export async function readState(file: string): Promise<StateDocument | undefined> {
  const text = await readStateText(file);
  return text === undefined ? undefined : parseState(text, file);
}

export interface WriteStateOptions {
  /** false: atomic but not durable (no fsync), for runtime records only; see state-store.ts. Default true. */
  sync?: boolean;
  /** Seam for tests. */
  fs?: AtomicFs;
}

// Writes the state file atomically (temp file + rename), readable by the owner only.
export async function writeState(
  file: string,
  state: StateDocument,
  options: WriteStateOptions = {},
): Promise<void> {
  await writeFileAtomic(file, formatState(state), { mode: STATE_FILE_MODE, ...options });
}
