import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileCacheDir, type InstalledCompileCache, installCompileCache } from './compile-cache.js';

let root: string;
let codeDir: string;
let cacheDir: string;
let installed: InstalledCompileCache | undefined;

// V8 keeps every compiled script of a process in memory and would hand a second compile of the same text
// that copy, never looking at the cached data: without this, "loaded from the cache" would prove nothing.
// (A flag of this test process, set before it compiles anything through the cache.)
beforeAll(() => {
  setFlagsFromString('--no-compilation-cache');
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nso-multi-compile-cache-'));
  codeDir = join(root, 'dist');
  cacheDir = join(root, 'cache');
  mkdirSync(join(codeDir, 'chunks'), { recursive: true });
});

afterEach(() => {
  installed?.uninstall();
  installed = undefined;
  rmSync(root, { recursive: true, force: true });
});

// A chunk with enough functions that V8 has something to cache.
function chunkText(answer: number): string {
  const helpers = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n');
  return `${helpers}\nexports.answer = () => f0(${answer});\nexports.dir = __dirname;\n`;
}

function writeChunk(name: string, text: string): string {
  const file = join(codeDir, 'chunks', name);
  writeFileSync(file, text);
  return file;
}

// Loads `file` afresh (not from require's cache) with a newly installed compile cache.
function load(file: string): { exports: Record<string, () => unknown>; cache: InstalledCompileCache } {
  installed?.uninstall();
  const cache = installCompileCache({ codeDir, cacheDir });
  installed = cache;
  const require = createRequire(import.meta.url);
  delete require.cache[file];
  const exports = require(file) as Record<string, () => unknown>;
  return { exports, cache };
}

function cacheFiles(): string[] {
  const v8 = join(cacheDir, 'v8');
  return readdirSync(v8).flatMap((folder) =>
    readdirSync(join(v8, folder)).map((name) => join(v8, folder, name)),
  );
}

describe('compile cache', () => {
  it('misses, writes once, then compiles from the cache without writing again', () => {
    const file = writeChunk('a-1.cjs', chunkText(41));
    const first = load(file);
    expect(first.exports.answer?.()).toBe(41);
    expect(first.exports.dir).toBe(join(codeDir, 'chunks'));
    expect(first.cache.stats).toMatchObject({ hits: 0, misses: 1, rejected: 0 });
    first.cache.flush();
    expect(first.cache.stats.written).toBe(1);
    const data = cacheFiles().filter((f) => !f.endsWith('origin'));
    expect(data).toHaveLength(1);
    expect(readFileSync(join(data[0] as string, '..', 'origin'), 'utf8')).toBe(codeDir);

    const second = load(file);
    expect(second.exports.answer?.()).toBe(41);
    expect(second.cache.stats).toMatchObject({ hits: 1, misses: 0, rejected: 0 });
    second.cache.flush();
    expect(second.cache.stats.written).toBe(0);
  });

  it('leaves files outside the code folder and not ending in .cjs to Node', () => {
    const outside = join(root, 'elsewhere.cjs');
    writeFileSync(outside, chunkText(1));
    const notCjs = join(codeDir, 'chunks', 'plain.js');
    writeFileSync(join(codeDir, 'chunks', 'package.json'), '{"type":"commonjs"}');
    writeFileSync(notCjs, chunkText(2));
    expect(load(outside).exports.answer?.()).toBe(1);
    expect(load(notCjs).exports.answer?.()).toBe(2);
    expect(installed?.stats).toMatchObject({ hits: 0, misses: 0, rejected: 0 });
  });

  it('refuses damaged data, compiles from the text and rewrites the file', () => {
    const file = writeChunk('a-1.cjs', chunkText(7));
    load(file).cache.flush();
    const [data] = cacheFiles().filter((f) => !f.endsWith('origin'));
    writeFileSync(data as string, Buffer.alloc(4096, 0x5a));
    const again = load(file);
    expect(again.exports.answer?.()).toBe(7);
    expect(again.cache.stats).toMatchObject({ hits: 0, rejected: 1 });
    again.cache.flush();
    expect(readFileSync(data as string).equals(Buffer.alloc(4096, 0x5a))).toBe(false);
    expect(load(file).cache.stats).toMatchObject({ hits: 1, rejected: 0 });
  });

  it('never runs the bytecode of another text: an edited chunk of the same name misses and replaces it', () => {
    const file = writeChunk('a-1.cjs', chunkText(10));
    load(file).cache.flush();
    // Same length, other value: V8's own check would not tell these apart.
    writeChunk('a-1.cjs', chunkText(20));
    const edited = load(file);
    expect(edited.exports.answer?.()).toBe(20);
    expect(edited.cache.stats).toMatchObject({ hits: 0, misses: 1 });
    edited.cache.flush();
    expect(cacheFiles().filter((f) => !f.endsWith('origin'))).toHaveLength(1);
  });

  it('drops the data of chunks that no longer exist and the folders of deleted builds', () => {
    const old = writeChunk('old-1.cjs', chunkText(1));
    load(old).cache.flush();
    // Another build whose code folder is gone.
    const gone = join(cacheDir, 'v8', 'feedfacefeedface');
    mkdirSync(gone, { recursive: true });
    writeFileSync(join(gone, 'origin'), join(root, 'deleted-checkout', 'dist'));
    writeFileSync(join(gone, 'chunks%2Fx.cjs.0123'), 'x');
    rmSync(old);
    const current = writeChunk('new-1.cjs', chunkText(2));
    load(current).cache.flush();
    const names = cacheFiles().map((f) => f.slice(cacheDir.length));
    expect(names.some((n) => n.includes('old-1.cjs'))).toBe(false);
    expect(names.some((n) => n.includes('new-1.cjs'))).toBe(true);
    expect(names.some((n) => n.includes('feedfacefeedface'))).toBe(false);
  });

  it('works on without a cache when the cache folder cannot be written', () => {
    writeFileSync(cacheDir, 'a file where the folder should be');
    const file = writeChunk('a-1.cjs', chunkText(3));
    const loaded = load(file);
    expect(loaded.exports.answer?.()).toBe(3);
    expect(() => loaded.cache.flush()).not.toThrow();
    expect(loaded.cache.stats.written).toBe(0);
  });

  it('leaves a chunk with a dynamic import() to Node, whose import() then works on every start', async () => {
    const mjs = join(root, 'spec.mjs');
    writeFileSync(mjs, 'export default { workdir: "w" };\n');
    const file = writeChunk(
      'a-1.cjs',
      `exports.load = () => import(${JSON.stringify(pathToFileURL(mjs).href)});\n`,
    );
    for (let start = 0; start < 2; start++) {
      const loaded = load(file);
      loaded.cache.flush();
      expect(loaded.cache.stats).toEqual({ hits: 0, misses: 0, rejected: 0, written: 0 });
      const module = (await loaded.exports.load?.()) as { default: { workdir: string } };
      expect(module.default.workdir).toBe('w');
    }
  });

  it("keeps the chunk's file name, line and column in stack traces", () => {
    const file = writeChunk('a-1.cjs', 'exports.fail = function failHere() { throw new Error("boom"); };\n');
    const { exports } = load(file);
    let stack = '';
    try {
      exports.fail?.();
    } catch (error) {
      stack = (error as Error).stack ?? '';
    }
    // Column 44 is `new Error` on the chunk's first line, which the wrapper's text does not shift.
    expect(stack).toContain(`failHere [as fail] (${file}:1:44)`);
    expect(installed?.stats.misses).toBe(1);
  });
});

describe('compileCacheDir', () => {
  it('is off with NODE_DISABLE_COMPILE_CACHE, else the override, XDG_CACHE_HOME, then ~/.cache', () => {
    expect(compileCacheDir({ NODE_DISABLE_COMPILE_CACHE: '1', NSO_MULTI_CACHE_DIR: '/c' })).toBeUndefined();
    expect(compileCacheDir({ NSO_MULTI_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/c');
    expect(compileCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/nso-multi');
    expect(compileCacheDir({ HOME: '/h' })).toBe('/h/.cache/nso-multi');
  });
});
