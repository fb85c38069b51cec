// Every instance's packages/ and ncs-cdb/ entries staged into one render, applied with its files or not at all.
import type { EntrySwaps } from '../host/entry-swaps.js';
import type { FileBatch } from '../host/file-batch.js';
import type { Plan } from '../model.js';
import type { Notice } from '../notice.js';
import type { RunDirContents, StateDocument } from '../state/state-document.js';
import { type CopyTree, copyTree, runDirContents, stageInstanceContents } from './run-dir-contents.js';

export interface RunDirContentsStaged {
  owned: Map<string, RunDirContents>;
  notices: Notice[];
}

// Stages every instance's run-dir contents and has the batch apply the swaps once its files are in place: registered
// after everything else, so a failing swap undoes the files and no later step can fail after the swaps.
export async function stageRunDirContents(
  batch: FileBatch,
  swaps: EntrySwaps,
  plan: Plan,
  previous: StateDocument | undefined,
  copy: CopyTree = copyTree,
): Promise<RunDirContentsStaged> {
  const owned = new Map<string, RunDirContents>();
  const notices: Notice[] = [];
  for (const instance of plan.instances) {
    const before = runDirContents(previous?.instances[instance.name]?.contents);
    const staged = await stageInstanceContents(batch, swaps, instance, before, copy);
    owned.set(instance.name, staged.owned);
    notices.push(...staged.notices);
  }
  batch.afterPlacing(() => swaps.apply());
  return { owned, notices };
}

// The state document with each rendered instance's run-dir contents record replaced by what this render owns.
export function withRunDirContents(
  state: StateDocument,
  owned: ReadonlyMap<string, RunDirContents>,
): StateDocument {
  const instances = { ...state.instances };
  for (const [name, contents] of owned) {
    const entry = instances[name];
    if (entry !== undefined) instances[name] = { ...entry, contents };
  }
  return { ...state, instances };
}
