// One writer for the state file within a process: updates are applied in order to the latest document and
// each is written atomically, so parallel instance starts never lose each other's pids.
import { NsoMultiError } from '../errors.js';
import type { StateDocument } from './state-document.js';
import { readState, writeState } from './state-file.js';

export interface StateStore {
  readonly file: string;
  /** The document as last read or written. */
  current(): StateDocument | undefined;
  /** Applies `change` to the latest document and writes it; resolves once it is on disk. */
  update(change: (state: StateDocument) => void): Promise<void>;
}

// Opens the store on a state file; the file must exist (render writes it first).
export async function openStateStore(file: string): Promise<StateStore> {
  let state = await readState(file);
  let queue: Promise<void> = Promise.resolve();
  return {
    file,
    current: () => state,
    update(change) {
      const next = queue.then(async () => {
        if (state === undefined) {
          throw new NsoMultiError('NOT_RENDERED', `no state file at ${file}`, {
            hint: 'run `nso-multi render` first',
          });
        }
        const copy = structuredClone(state);
        change(copy);
        await writeState(file, copy);
        state = copy;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
