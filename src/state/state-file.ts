// Reads and writes the state file in the workdir; the only IO around the state document.
import { readFile } from 'node:fs/promises';
import { NsoMultiError } from '../errors.js';
import { writeFileAtomic } from '../host/atomic-file.js';
import { parseState, type StateDocument } from './state-document.js';

// Reads the state file; undefined when there is none yet.
export async function readState(file: string): Promise<StateDocument | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new NsoMultiError('IO', `cannot read state file ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseState(text, file);
}

// Writes the state file atomically (temp file + rename), readable by the owner only.
export async function writeState(file: string, state: StateDocument): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}
