// The last lines of a text log as `tail -n` gives them (blank lines kept, a last line without its newline
// counted), read backwards in chunks so that a large log costs what the lines cost, and the byte offset they end
// at: following the file goes on from there, so that no line written meanwhile is lost or printed twice.
import { open } from 'node:fs/promises';

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

export interface LastLines {
  lines: string[];
  /** The file's size when it was read: where the lines end. */
  end: number;
}

export async function lastLines(file: string, count: number): Promise<LastLines> {
  const handle = await open(file, 'r');
  try {
    const end = (await handle.stat()).size;
    if (count <= 0 || end === 0) return { lines: [], end };
    const chunks: Buffer[] = [];
    let start = end;
    let newlines = 0;
    // `count` whole lines need `count` newlines before the last byte (the one before the first line ends the
    // line before it), or the start of the file.
    while (start > 0 && newlines < count + 1) {
      const length = Math.min(CHUNK, start);
      start -= length;
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, start);
      chunks.unshift(chunk);
      for (const byte of chunk) if (byte === NEWLINE) newlines += 1;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const lines = text.split('\n');
    if (text.endsWith('\n')) lines.pop();
    // Read from the middle of the file: the first piece may be the end of a longer line.
    if (start > 0) lines.shift();
    return { lines: lines.slice(-count), end };
  } finally {
    await handle.close();
  }
}

// Splits what was appended to a followed file into whole lines; the unterminated rest waits for the next read.
export function splitAppended(rest: Buffer, appended: Buffer): { lines: string[]; rest: Buffer } {
  const data = rest.length === 0 ? appended : Buffer.concat([rest, appended]);
  const last = data.lastIndexOf(NEWLINE);
  if (last < 0) return { lines: [], rest: data };
  return {
    lines: data.subarray(0, last).toString('utf8').split('\n'),
    rest: Buffer.from(data.subarray(last + 1)),
  };
}
