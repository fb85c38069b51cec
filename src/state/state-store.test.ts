import * as fsp from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AtomicFs } from '../host/atomic-file.js';
import type { InstanceRuntime, StateDocument } from './state-document.js';
import { writeState } from './state-file.js';
import { openStateStore } from './state-store.js';

const NAMES = Array.from({ length: 10 }, (_, i) => `i${i + 1}`);

function document(): StateDocument {
  const instances = Object.fromEntries(
    NAMES.map((name, i) => [
      name,
      {
        ports: { ipc: 19410 + i },
        listeners: [{ key: 'ipc' as const, address: '127.0.0.1', port: 19410 + i }],
        runDir: `/w/${name}`,
        ncsConf: `/w/${name}/ncs.conf`,
        envFile: `/w/.env.${name}`,
        secretFile: null,
        env: { NCS_IPC_PORT: String(19410 + i) },
        unset: [],
        renderedAt: '2026-01-01T00:00:00.000Z',
      },
    ]),
  );
  return {
    version: 1,
    project: 'lab',
    specFile: '/w/nso-multi.yaml',
    specHash: 'h',
    nsoVersion: '6.2',
    instances,
  };
}

function runtime(pid: number): InstanceRuntime {
  return {
    status: 'running',
    pid,
    startedAt: 'now',
    ncs: { file: 'ncs', args: [], sim: true, display: 'sim' },
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected failure`), { code });
}

/** An fs seam that counts renames (= writes put in place) and fsyncs, can hold a rename and fail one. */
interface CountingFs {
  fs: AtomicFs;
  renames: number;
  syncs: number;
  /** Holds the next rename until `release`; `entered` resolves once it is waiting. */
  hold(): { entered: Promise<void>; release: () => void };
  /** The rename with this 1-based number fails with EIO. */
  failRename?: number;
}

function countingFs(): CountingFs {
  let held: { entered: ReturnType<typeof deferred>; gate: ReturnType<typeof deferred> } | undefined;
  const counter: CountingFs = {
    renames: 0,
    syncs: 0,
    hold() {
      const entered = deferred();
      const gate = deferred();
      held = { entered, gate };
      return { entered: entered.promise, release: gate.resolve };
    },
    fs: {
      ...fsp,
      open: async (...args: Parameters<AtomicFs['open']>) => {
        const handle = await fsp.open(...args);
        const sync = handle.sync.bind(handle);
        const datasync = handle.datasync.bind(handle);
        handle.sync = () => {
          counter.syncs += 1;
          return sync();
        };
        handle.datasync = () => {
          counter.syncs += 1;
          return datasync();
        };
        return handle;
      },
      rename: async (from, to) => {
        counter.renames += 1;
        const number = counter.renames;
        const waiting = held;
        held = undefined;
        if (waiting !== undefined) {
          waiting.entered.resolve();
          await waiting.gate.promise;
        }
        if (number === counter.failRename) throw errno('EIO');
        await fsp.rename(from, to);
      },
    },
  };
  return counter;
}

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nso-multi-store-'));
  file = join(dir, 'state.json');
  await writeState(file, document());
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const onDisk = async (): Promise<StateDocument> => JSON.parse(await readFile(file, 'utf8')) as StateDocument;
const pidOf = (doc: StateDocument | undefined, name: string) => doc?.instances[name]?.runtime?.pid;

describe('openStateStore', () => {
  it('lands the changes of parallel callers that queue behind a write in one further write', async () => {
    const counter = countingFs();
    const store = await openStateStore(file, { fs: counter.fs });
    const held = counter.hold();
    const first = store.update((doc) => {
      doc.instances.i1!.runtime = runtime(1001);
    });
    await held.entered;
    const go = deferred();
    const queued = NAMES.slice(1).map(() => deferred());
    const callers = NAMES.slice(1).map(async (name, i) => {
      await go.promise;
      const done = store.update((doc) => {
        doc.instances[name]!.runtime = runtime(2000 + i);
      });
      queued[i]!.resolve();
      await done;
    });
    go.resolve();
    // Every caller has called update while the first write is still held.
    await Promise.all(queued.map((q) => q.promise));
    held.release();
    await Promise.all([first, ...callers]);
    expect(counter.renames).toBe(2);
    const written = await onDisk();
    expect(pidOf(written, 'i1')).toBe(1001);
    expect(NAMES.slice(1).map((name) => pidOf(written, name))).toEqual(
      NAMES.slice(1).map((_, i) => 2000 + i),
    );
    expect(store.current()).toEqual(written);
  });

  it('writes updates issued in the same tick together, applied in order', async () => {
    const counter = countingFs();
    const store = await openStateStore(file, { fs: counter.fs });
    const updates = NAMES.map((name, i) =>
      store.update((doc) => {
        doc.instances.i1!.runtime = runtime(3000 + i);
        doc.instances[name]!.runtime = runtime(4000 + i);
      }),
    );
    await Promise.all(updates);
    expect(counter.renames).toBe(1);
    const written = await onDisk();
    expect(pidOf(written, 'i1')).toBe(3000 + NAMES.length - 1);
    expect(NAMES.slice(1).map((name) => pidOf(written, name))).toEqual(
      NAMES.slice(1).map((_, i) => 4001 + i),
    );
  });

  it('rejects exactly the callers of a failed write; the next update starts from the last written one', async () => {
    const counter = countingFs();
    const store = await openStateStore(file, { fs: counter.fs });
    await store.update((doc) => {
      doc.instances.i1!.runtime = runtime(101);
    });
    const held = counter.hold();
    const inFlight = store.update((doc) => {
      doc.instances.i2!.runtime = runtime(102);
    });
    await held.entered;
    counter.failRename = 3;
    const failing = [
      store.update((doc) => {
        doc.instances.i3!.runtime = runtime(103);
      }),
      store.update((doc) => {
        doc.instances.i4!.runtime = runtime(104);
      }),
    ];
    held.release();
    await expect(inFlight).resolves.toBeUndefined();
    for (const update of failing) await expect(update).rejects.toMatchObject({ code: 'IO' });
    expect(counter.renames).toBe(3);
    await store.update((doc) => {
      doc.instances.i5!.runtime = runtime(105);
    });
    const written = await onDisk();
    expect(['i1', 'i2', 'i3', 'i4', 'i5'].map((n) => pidOf(written, n))).toEqual([
      101,
      102,
      undefined,
      undefined,
      105,
    ]);
    expect(store.current()).toEqual(written);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('rejects only the caller whose change throws, and keeps none of its partial change', async () => {
    const counter = countingFs();
    const store = await openStateStore(file, { fs: counter.fs });
    const held = counter.hold();
    const first = store.update((doc) => {
      doc.instances.i1!.runtime = runtime(201);
    });
    await held.entered;
    const before = store.update((doc) => {
      doc.instances.i2!.runtime = runtime(202);
    });
    const throwing = store.update((doc) => {
      doc.instances.i3!.runtime = runtime(203);
      doc.project = 'half-way';
      throw new Error('change failed half-way');
    });
    const after = store.update((doc) => {
      doc.instances.i4!.runtime = runtime(204);
    });
    held.release();
    await expect(throwing).rejects.toThrow('change failed half-way');
    await Promise.all([first, before, after]);
    expect(counter.renames).toBe(2);
    const written = await onDisk();
    expect(written.project).toBe('lab');
    expect(['i1', 'i2', 'i3', 'i4'].map((n) => pidOf(written, n))).toEqual([201, 202, undefined, 204]);
  });

  it('does not fsync a runtime update; fsyncs one that changes ports, or that asks to be durable', async () => {
    const counter = countingFs();
    const store = await openStateStore(file, { fs: counter.fs });
    await store.update((doc) => {
      doc.instances.i1!.runtime = runtime(301);
      doc.watchdog = { pid: 302, owner: { pid: 303 } };
    });
    expect({ renames: counter.renames, syncs: counter.syncs }).toEqual({ renames: 1, syncs: 0 });

    await store.update((doc) => {
      doc.instances.i1!.ports.ipc = 19499;
    });
    // The temp file and the folder.
    expect({ renames: counter.renames, syncs: counter.syncs }).toEqual({ renames: 2, syncs: 2 });

    await store.update(
      (doc) => {
        doc.instances.i1!.runtime!.status = 'stopped';
      },
      { durable: true },
    );
    expect({ renames: counter.renames, syncs: counter.syncs }).toEqual({ renames: 3, syncs: 4 });
    expect((await onDisk()).instances.i1).toMatchObject({
      ports: { ipc: 19499 },
      runtime: { status: 'stopped' },
    });
  });

  it('makes a coalesced write durable when one of its updates removes an instance', async () => {
    const counter = countingFs();
    const store = await openStateStore(file, { fs: counter.fs });
    await Promise.all([
      store.update((doc) => {
        doc.instances.i1!.runtime = runtime(401);
      }),
      store.update((doc) => {
        delete doc.instances.i2;
      }),
    ]);
    expect({ renames: counter.renames, syncs: counter.syncs }).toEqual({ renames: 1, syncs: 2 });
    expect(Object.keys((await onDisk()).instances)).not.toContain('i2');
  });

  it('rejects every update with NOT_RENDERED when there is no state file', async () => {
    const store = await openStateStore(join(dir, 'missing.json'));
    await expect(store.update(() => {})).rejects.toMatchObject({ code: 'NOT_RENDERED' });
    expect(store.current()).toBeUndefined();
  });
});
