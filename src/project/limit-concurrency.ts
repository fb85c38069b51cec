// Runs async jobs with at most `limit` in flight, in order; a job may be skipped when it gets its turn.

// Calls `job` for every item with bounded parallelism and resolves when all are done.
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  job: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await job(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
