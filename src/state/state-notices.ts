// Where news about the state file goes when the code that met it has no one to tell (a rebuilt corrupt state
// found by `status`, `env`, `down`): the CLI points this at stderr; a library user gets a process warning.
import type { Notice } from '../api/notice.js';

export type StateNoticeSink = (notice: Notice) => void;

let sink: StateNoticeSink | undefined;

// Routes state notices to `next` until the returned function is called (which restores the previous sink).
export function setStateNoticeSink(next: StateNoticeSink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

// Delivers a state notice; without a sink it becomes a process warning, so it is never silent.
export function reportStateNotice(notice: Notice): void {
  if (sink !== undefined) {
    sink(notice);
    return;
  }
  process.emitWarning(notice.message, { type: 'NsoMultiWarning', code: 'NSO_MULTI_STATE' });
}
