// A BatchFs that fails one chosen file operation, for fault-injection tests: the n-th call of `op` on a path
// under `root` throws an errno error; every other call goes to the real file system.
import { constants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import type { BatchFs } from '../../src/host/fs-steps.js';

/** The operations a fault can hit: creating a temp file, writing or flushing it, renaming or linking it in place. */
export type FaultOp = 'create' | 'write' | 'sync' | 'rename' | 'link' | 'mkdir';

export const FAULT_OPS: readonly FaultOp[] = ['create', 'write', 'sync', 'rename', 'link', 'mkdir'];

export interface Fault {
  op: FaultOp;
  /** 1-based: which call of `op` fails; 0 never fails (count only). */
  nth: number;
  code: string;
  /** Count (and fail) only calls on paths this accepts; default every path under the root. */
  match?: (path: string) => boolean;
}

export interface FaultyFs {
  fs: BatchFs;
  /** How many calls of each operation under `root` were seen. */
  counts: Record<FaultOp, number>;
  /** The path of the call that failed, once one did. */
  failedPath?: string;
}

export function errnoError(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected failure, '${path}'`), { code, path });
}

// Builds the faulty file system for one run.
export function faultyFs(root: string, fault: Fault): FaultyFs {
  const counts = Object.fromEntries(FAULT_OPS.map((op) => [op, 0])) as Record<FaultOp, number>;
  const result: FaultyFs = { fs: { ...fsp }, counts };
  const hit = (op: FaultOp, path: string): void => {
    if (!path.startsWith(root) || (fault.match !== undefined && !fault.match(path))) return;
    counts[op] += 1;
    if (fault.op === op && counts[op] === fault.nth) {
      result.failedPath = path;
      throw errnoError(fault.code, path);
    }
  };
  const open: BatchFs['open'] = async (path, flags, mode) => {
    const file = String(path);
    const creates = typeof flags === 'number' && (flags & constants.O_CREAT) !== 0;
    if (creates) hit('create', file);
    const handle = await fsp.open(path, flags, mode);
    if (!creates) return handle;
    const writeFile = handle.writeFile.bind(handle);
    const sync = handle.sync.bind(handle);
    Object.assign(handle, {
      writeFile: async (...args: Parameters<typeof writeFile>) => {
        hit('write', file);
        return writeFile(...args);
      },
      sync: async () => {
        hit('sync', file);
        return sync();
      },
    });
    return handle;
  };
  result.fs = {
    ...fsp,
    open,
    rename: async (from, to) => {
      hit('rename', String(to));
      return fsp.rename(from, to);
    },
    link: async (from, to) => {
      hit('link', String(to));
      return fsp.link(from, to);
    },
    mkdir: (async (path: Parameters<typeof fsp.mkdir>[0], options?: Parameters<typeof fsp.mkdir>[1]) => {
      hit('mkdir', String(path));
      return fsp.mkdir(path, options);
    }) as BatchFs['mkdir'],
  };
  return result;
}
