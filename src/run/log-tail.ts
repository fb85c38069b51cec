// The last lines of a log file, for failure messages that show what the daemon said.
import { open } from 'node:fs/promises';

// Reads at most the last `lines` lines (from the last 64 KiB); empty when the file is missing.
export async function logTail(file: string, lines = 10): Promise<string[]> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-lines);
  } catch {
    return [];
  } finally {
    await handle?.close();
  }
}
