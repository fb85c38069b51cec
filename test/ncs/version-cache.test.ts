// The `ncs --version` cache: one question per unchanged executable, a new one after any change to the
// executable, its script argument or the NCS_/NSO_ environment, and a corrupt or missing cache is harmless.
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askVersionCached } from '../../src/ncs/nso-version.js';
import { VERSION_CACHE_FILE } from '../../src/ncs/version-cache.js';

let dir: string;
let cacheDir: string;
let ncs: string;
let asked: string;

// A fake ncs that answers `--version` with the content of ./answer and counts how often it was asked.
async function writeNcs(): Promise<void> {
  await writeFile(ncs, `#!/bin/sh\necho asked >> '${asked}'\ncat '${join(dir, 'answer')}'\n`, {
    mode: 0o755,
  });
}

async function timesAsked(): Promise<number> {
  return (await readFile(asked, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
}

const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', ...extra });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nso-multi-version-cache-'));
  cacheDir = join(dir, 'leases');
  await mkdir(cacheDir, { mode: 0o700 });
  ncs = join(dir, 'ncs');
  asked = join(dir, 'asked');
  await writeFile(join(dir, 'answer'), 'ncs-6.4.1\n');
  await writeNcs();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('askVersionCached', () => {
  it('asks an executable once and answers from the cache while it is unchanged', async () => {
    expect(await askVersionCached(ncs, [], env(), cacheDir)).toBe('6.4.1');
    expect(await askVersionCached(ncs, [], env(), cacheDir)).toBe('6.4.1');
    expect(await timesAsked()).toBe(1);
  });

  it('asks again once the executable was modified', async () => {
    await askVersionCached(ncs, [], env(), cacheDir);
    await writeFile(join(dir, 'answer'), '6.5\n');
    const later = new Date(Date.now() + 60_000);
    await utimes(ncs, later, later);
    expect(await askVersionCached(ncs, [], env(), cacheDir)).toBe('6.5');
    expect(await timesAsked()).toBe(2);
  });

  it('asks again when a file among the leading arguments changed (the simulator script)', async () => {
    const script = join(dir, 'sim.js');
    await writeFile(script, '// v1\n');
    await askVersionCached(ncs, [script], env(), cacheDir);
    await writeFile(script, '// version two\n');
    await askVersionCached(ncs, [script], env(), cacheDir);
    expect(await timesAsked()).toBe(2);
  });

  it('asks again under other NCS_ or NSO_ variables, but not for unrelated ones', async () => {
    await askVersionCached(ncs, [], env({ NCS_DIR: '/opt/a' }), cacheDir);
    await askVersionCached(ncs, [], env({ NCS_DIR: '/opt/a', UNRELATED: 'x' }), cacheDir);
    expect(await timesAsked()).toBe(1);
    await askVersionCached(ncs, [], env({ NCS_DIR: '/opt/b' }), cacheDir);
    expect(await timesAsked()).toBe(2);
  });

  it('ignores a corrupt cache file and replaces it with a good one', async () => {
    await writeFile(join(cacheDir, VERSION_CACHE_FILE), '{ not json');
    expect(await askVersionCached(ncs, [], env(), cacheDir)).toBe('6.4.1');
    const doc = JSON.parse(await readFile(join(cacheDir, VERSION_CACHE_FILE), 'utf8'));
    expect(Object.values(doc.entries)).toEqual([expect.objectContaining({ version: '6.4.1' })]);
    await askVersionCached(ncs, [], env(), cacheDir);
    expect(await timesAsked()).toBe(1);
  });

  it('does not remember a failed answer', async () => {
    await writeFile(join(dir, 'answer'), 'no version here\n');
    expect(await askVersionCached(ncs, [], env(), cacheDir)).toBeUndefined();
    expect(await askVersionCached(ncs, [], env(), cacheDir)).toBeUndefined();
    expect(await timesAsked()).toBe(2);
  });

  it('never creates the cache folder: without it every run asks, and nothing is written', async () => {
    const missing = join(dir, 'no-such-folder');
    await askVersionCached(ncs, [], env(), missing);
    await askVersionCached(ncs, [], env(), missing);
    expect(await timesAsked()).toBe(2);
    expect(await readdir(dir)).not.toContain('no-such-folder');
  });
});
