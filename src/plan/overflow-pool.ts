// The overflow area as a pool the allocator draws from when a listener's home slot is unusable.
import type { PortLayout, PortProbe, PortRange } from '../model.js';
import type { ListenerProtocol } from '../nso/listeners.js';
import { overflowPorts } from './candidates.js';
import { probeMany } from './probe-many.js';

export interface OverflowPool {
  candidates: Generator<number>;
  /** Candidates found free for an earlier listener but not used: tried first (and probed again) next time. */
  unused: number[];
}

// A pool over the overflow ports of a layout with `blocks` instance blocks.
export function overflowPool(layout: PortLayout, blocks: number, ephemeral: PortRange): OverflowPool {
  return { candidates: overflowPorts(layout, blocks, ephemeral), unused: [] };
}

// Takes candidates from the pool a small batch at a time and returns the first one free on `address`; free
// candidates probed but not used go back to the pool for the next listener. `unavailable` when the host has
// no such address.
export async function firstFree(
  pool: OverflowPool,
  address: string,
  probe: PortProbe,
  free: (port: number) => boolean,
  concurrency: number,
  also?: readonly string[],
  protocol?: ListenerProtocol,
): Promise<number | 'unavailable' | undefined> {
  const batchSize = Math.min(8, concurrency);
  for (;;) {
    const batch = pool.unused.splice(0).filter(free);
    while (batch.length < batchSize) {
      const next = pool.candidates.next();
      if (next.done) break;
      if (free(next.value)) batch.push(next.value);
    }
    if (batch.length === 0) return undefined;
    const results = await probeMany(
      probe,
      batch.map((port) => ({ address, port, also, protocol })),
      concurrency,
    );
    // An address this host does not have makes every port of it fail alike: no use probing the rest.
    if (results.includes('unavailable')) return 'unavailable';
    const index = results.indexOf('free');
    if (index >= 0) {
      pool.unused.push(...batch.slice(index + 1).filter((_, i) => results[index + 1 + i] === 'free'));
      return batch[index];
    }
  }
}
