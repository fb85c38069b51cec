// The last lines of a log file, for failure messages that show what the daemon said.
import { open } from 'node:fs/promises';

// The last 64 KiB of a file as text; empty when the file is missing.
async function lastChunk(file: string): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } catch {
    return '';
  } finally {
    await handle?.close();
  }
}

// Reads at most the last `lines` lines (from the last 64 KiB); empty when the file is missing.
export async function logTail(file: string, lines = 10): Promise<string[]> {
  return (await lastChunk(file))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-lines);
}

// NSO's own one-line reason for a failed start, as its console log gives it (`init:boot_msg: "Bad
// configuration: …\n"`, `"Cannot bind to internal socket …"`); undefined when the log holds none.
export async function bootMessage(file: string): Promise<string | undefined> {
  const matches = [...(await lastChunk(file)).matchAll(/init:boot_msg: "((?:[^"\\]|\\.)*)"/g)];
  const last = matches.at(-1)?.[1];
  if (last === undefined) return undefined;
  const text = last.replace(/\\n/g, ' ').replace(/\\(.)/g, '$1').trim();
  return text === '' ? undefined : text;
}

// The lines of a log (its last 64 KiB) that match `pattern`, the last `lines` of them, each cut at `width`.
export async function logLinesMatching(
  file: string,
  pattern: RegExp,
  lines = 4,
  width = 240,
): Promise<string[]> {
  return (await lastChunk(file))
    .split('\n')
    .filter((line) => pattern.test(line))
    .slice(-lines)
    .map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
}
