import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastLines, splitAppended } from './last-lines.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nso-multi-last-lines-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = async (text: string | Buffer) => {
  const path = join(dir, 'ncs.log');
  await writeFile(path, text);
  return path;
};

describe('lastLines', () => {
  it('gives the last lines as tail -n does, blank lines kept, with the size they end at', async () => {
    const path = await file('one\n\nthree\nfour\n');
    expect(await lastLines(path, 3)).toEqual({ lines: ['', 'three', 'four'], end: 16 });
    expect((await lastLines(path, 10)).lines).toEqual(['one', '', 'three', 'four']);
    expect(await lastLines(path, 0)).toEqual({ lines: [], end: 16 });
  });

  it('counts a last line without its newline', async () => {
    expect((await lastLines(await file('a\nb\nhalf'), 2)).lines).toEqual(['b', 'half']);
    expect((await lastLines(await file(''), 2)).lines).toEqual([]);
  });

  it('reads a log larger than one chunk backwards, whole lines only, multi-byte text intact', async () => {
    // 3000 lines of 98 bytes (≈ 290 KiB, several 64 KiB chunks), each with a two-byte character.
    const lines = Array.from({ length: 3000 }, (_, i) => `${String(i).padStart(4, '0')} é ${'x'.repeat(90)}`);
    const text = Buffer.from(`${lines.join('\n')}\n`);
    // 2000 lines take three chunks from the end; the third starts inside an é (its second byte).
    expect(text[text.length - 3 * 64 * 1024]! & 0xc0).toBe(0x80);
    const path = await file(text);
    expect((await lastLines(path, 5)).lines).toEqual(lines.slice(-5));
    expect((await lastLines(path, 2000)).lines).toEqual(lines.slice(-2000));
    expect((await lastLines(path, 5000)).lines).toEqual(lines);
  });
});

describe('splitAppended', () => {
  it('gives whole lines and keeps the rest, also a character cut in two, for the next read', () => {
    const text = Buffer.from('first\nsecond é\nthi');
    const cut = text.indexOf('é') + 1; // inside the two bytes of é
    const one = splitAppended(Buffer.alloc(0), text.subarray(0, cut));
    expect(one.lines).toEqual(['first']);
    const two = splitAppended(one.rest, text.subarray(cut));
    expect(two.lines).toEqual(['second é']);
    expect(two.rest.toString()).toBe('thi');
    expect(splitAppended(two.rest, Buffer.from('rd\n\n')).lines).toEqual(['third', '']);
  });
});
