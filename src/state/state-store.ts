// One writer for the state file within a process: updates are applied in order to the latest document, so
// parallel instance starts never lose each other's pids, and updates that arrive while a write is in flight
// are written together in the next one.
//
// Why most writes skip fsync: a write that only changes runtime records (pid, start time, status, upOwner,
// error, the watchdog) describes processes, and a power loss ends those processes anyway. Such writes need
// atomicity against a crash of this process (temp file + rename: readers see the old document or the new
// one), not durability. After a power loss the file may hold the previous document, whose dead pids fail
// the pid + start time liveness check like any stale record, or it may be empty or torn: then it no longer
// parses, and every command that reads the project's state (render, up, status, env, down, exec go through
// load-state.ts) keeps it aside as state.json.corrupt-<time> and rebuilds it from the spec and the run
// folders' ncs.conf (rebuild-state.ts). What render decided (ports, listeners, paths, env, the instances
// themselves) is not rebuilt from runtime records, so a write that changes any of it stays durable.

import { NsoMultiError } from '../errors.js';
import type { AtomicFs } from '../host/atomic-file.js';
import type { StateDocument } from './state-document.js';
import { readState, writeState } from './state-file.js';

export interface UpdateOptions {
  /** Fsync this write even if it changes only runtime records. Writes that change anything else are durable
   * anyway: the store compares the document without its runtime records before and after. */
  durable?: boolean;
}

export interface StateStore {
  readonly file: string;
  /** The document as last read or written (never a change that is still being written). */
  current(): StateDocument | undefined;
  /** Applies `change` to the latest document and writes it; resolves once a write holding it is in place. */
  update(change: (state: StateDocument) => void, options?: UpdateOptions): Promise<void>;
}

export interface StateStoreOptions {
  /** Seam for tests: the file functions of the atomic writer. */
  fs?: AtomicFs;
}

interface Pending {
  change: (state: StateDocument) => void;
  durable: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

// What render decided: the document without its runtime records, as comparable text.
function renderedPart(state: StateDocument): string {
  const { watchdog: _watchdog, instances, ...rest } = state;
  const entries = Object.entries(instances).map(([name, { runtime: _runtime, ...entry }]) => [name, entry]);
  return JSON.stringify({ ...rest, instances: Object.fromEntries(entries) });
}

// Opens the store on a state file; the file must exist (render writes it first).
export async function openStateStore(file: string, options: StateStoreOptions = {}): Promise<StateStore> {
  let written = await readState(file);
  let writtenRendered = written === undefined ? undefined : renderedPart(written);
  let pending: Pending[] = [];
  let draining = false;

  // Applies one batch to the last written document and writes it once; settles every caller of the batch.
  async function writeBatch(batch: Pending[]): Promise<void> {
    const base = written;
    if (base === undefined) {
      const error = new NsoMultiError('NOT_RENDERED', `no state file at ${file}`, {
        hint: 'run `nso-multi render` first',
      });
      for (const p of batch) p.reject(error);
      return;
    }
    // Each change gets its own copy of the document so far: a change that throws half-way leaves nothing
    // behind and rejects only its caller, without asking callers to write all-or-nothing changes. The
    // document is a few kilobytes; a clone costs far less than the write it joins.
    let doc = base;
    const applied: Pending[] = [];
    for (const p of batch) {
      try {
        const copy = structuredClone(doc);
        p.change(copy);
        doc = copy;
        applied.push(p);
      } catch (error) {
        p.reject(error);
      }
    }
    if (applied.length === 0) return;
    const rendered = renderedPart(doc);
    const durable = applied.some((p) => p.durable) || rendered !== writtenRendered;
    try {
      await writeState(file, doc, { sync: durable, fs: options.fs });
    } catch (error) {
      // Nothing of this batch is kept: the next update starts again from the last document on disk.
      for (const p of applied) p.reject(error);
      return;
    }
    written = doc;
    writtenRendered = rendered;
    for (const p of applied) p.resolve();
  }

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        await writeBatch(batch);
      } catch (error) {
        // Not expected (writeBatch settles its callers itself), but no caller may be left waiting.
        for (const p of batch) p.reject(error);
      }
    }
    draining = false;
  }

  return {
    file,
    current: () => written,
    update(change, updateOptions = {}) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ change, durable: updateOptions.durable === true, resolve, reject });
        if (draining) return;
        draining = true;
        // Started a microtask later, so that updates issued in the same tick share the first write too.
        queueMicrotask(() => void drain());
      });
    },
  };
}
