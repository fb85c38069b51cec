import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  IANA_EPHEMERAL_RANGE,
  LINUX_DEFAULT_EPHEMERAL_RANGE,
  LINUX_EPHEMERAL_RANGE_FILE,
  parseEphemeralRange,
  readEphemeralRange,
} from './ephemeral-range.js';

describe('parseEphemeralRange', () => {
  it('reads two numbers separated by a tab or spaces, with or without newline', () => {
    expect(parseEphemeralRange('32768\t60999\n')).toEqual({ low: 32768, high: 60999 });
    expect(parseEphemeralRange('  1024   65535')).toEqual({ low: 1024, high: 65535 });
    expect(parseEphemeralRange('40000 40000')).toEqual({ low: 40000, high: 40000 });
  });

  it('rejects anything that is not exactly two ports with low <= high', () => {
    for (const text of [
      '',
      '32768',
      '32768 60999 1',
      'a b',
      '60999 32768',
      '0 100',
      '1 65536',
      '-1 5',
      '1.5 9',
    ]) {
      expect(parseEphemeralRange(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});

describe('readEphemeralRange', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('returns the values of the real proc file on Linux', async (ctx) => {
    if (process.platform !== 'linux') ctx.skip('only Linux has ip_local_port_range');
    const expected = parseEphemeralRange(readFileSync(LINUX_EPHEMERAL_RANGE_FILE, 'utf8'));
    expect(expected).toBeDefined();
    expect(await readEphemeralRange()).toEqual(expected);
  });

  it('reads a given file on Linux', async () => {
    dir = await mkdtemp(join(tmpdir(), 'nso-multi-range-'));
    const file = join(dir, 'range');
    await writeFile(file, '20000\t29999\n');
    expect(await readEphemeralRange({ platform: 'linux', file })).toEqual({ low: 20000, high: 29999 });
  });

  it('falls back to the Linux default when the file is missing or garbled', async () => {
    dir = await mkdtemp(join(tmpdir(), 'nso-multi-range-'));
    const garbled = join(dir, 'garbled');
    await writeFile(garbled, 'nonsense');
    expect(await readEphemeralRange({ platform: 'linux', file: join(dir, 'missing') })).toEqual(
      LINUX_DEFAULT_EPHEMERAL_RANGE,
    );
    expect(await readEphemeralRange({ platform: 'linux', file: garbled })).toEqual(
      LINUX_DEFAULT_EPHEMERAL_RANGE,
    );
  });

  it('uses the IANA range on macOS and the BSDs, the Linux default on other systems', async () => {
    expect(await readEphemeralRange({ platform: 'darwin' })).toEqual({ low: 49152, high: 65535 });
    expect(await readEphemeralRange({ platform: 'freebsd' })).toEqual(IANA_EPHEMERAL_RANGE);
    expect(await readEphemeralRange({ platform: 'aix' })).toEqual({ low: 32768, high: 60999 });
  });
});
