// A V8 code cache for the command line's own bundle, so that a command does not compile the same ~1 MB of
// JavaScript at every start. Node 22 has this built in (module.enableCompileCache); Node 20 does not, so the
// CLI is bundled as CommonJS (scripts/bundle.mjs) and its chunks are compiled here through vm.Script, which
// takes and produces V8's cached data.
//
// Only files under `codeDir` whose name ends in `.cjs` go through the cache; everything else compiles as
// usual. So does a chunk whose text contains `import(`: Node 20 cannot restore the dynamic-import callback
// of a script that came out of a code cache (the call fails with "A dynamic import callback was not
// specified"), and vm's way round it (USE_MAIN_CONTEXT_DEFAULT_LOADER) prints an experimental warning.
// The bundle keeps such imports in small chunks of their own (src/spec/import-js-spec.ts).
//
// A chunk's cache file is named after the chunk and the SHA-1 of its text, so a rebuilt or edited chunk
// never meets the bytecode of another text; V8 itself refuses data from another V8 version or other flags
// (then the file is rewritten). Files are written when the process exits, atomically (a temporary
// name, then rename), and only for chunks that had none or had one refused: a warm start writes nothing.
//
// The cache is an optimisation only: any failure to read, check or write it is ignored, and the chunk is
// compiled from its text as it would be without a cache. NODE_DISABLE_COMPILE_CACHE (Node's own switch)
// turns it off; NSO_MULTI_CACHE_DIR moves it (default $XDG_CACHE_HOME/nso-multi, else ~/.cache/nso-multi).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as vm from 'node:vm';

// What a cache did in this process (for tests).
export interface CompileCacheStats {
  // Chunks compiled with accepted cached data.
  hits: number;
  // Chunks that had no cache file.
  misses: number;
  // Chunks whose cache file V8 refused (another V8 version or flags, or a damaged file).
  rejected: number;
  // Cache files written at exit.
  written: number;
}

export interface CompileCacheOptions {
  // The folder whose .cjs files are cached (the bundle's dist/).
  codeDir: string;
  // The cache root; a subfolder per codeDir and Node version is made in it.
  cacheDir: string;
}

// How much of Module.wrap's text comes before a chunk's own first character.
const WRAPPER_PREFIX_LENGTH = Module.wrap('\0').indexOf('\0');

// The folder the cache goes to for this environment, or undefined when it is switched off.
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (env.NSO_MULTI_CACHE_DIR) return env.NSO_MULTI_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'nso-multi');
  const home = env.HOME || homedir();
  return home ? join(home, '.cache', 'nso-multi') : undefined;
}

// An installed cache: what it did, and its two actions (both also safe to call more than once).
export interface InstalledCompileCache {
  stats: CompileCacheStats;
  // Writes the data of the chunks compiled without (accepted) cache data so far; runs at exit by itself.
  flush: () => void;
  // Puts Node's own compile back and forgets the exit handler.
  uninstall: () => void;
}

type CompileFn = (this: Module, content: string, filename: string) => unknown;
interface ModuleInternals {
  _compile: CompileFn;
}

// Named by a hash, so that two builds (or two checkouts) never share a folder.
function folderFor(options: CompileCacheOptions): string {
  const key = createHash('sha1')
    .update(`${options.codeDir}\0${process.version}\0${process.arch}`)
    .digest('hex')
    .slice(0, 16);
  return join(options.cacheDir, 'v8', key);
}

// Installs the hook for this process.
export function installCompileCache(options: CompileCacheOptions): InstalledCompileCache {
  const folder = folderFor(options);
  const prefix = options.codeDir.endsWith('/') ? options.codeDir : `${options.codeDir}/`;
  const stats: CompileCacheStats = { hits: 0, misses: 0, rejected: 0, written: 0 };
  const toWrite: { script: vm.Script; file: string }[] = [];
  const proto = Module.prototype as unknown as ModuleInternals;
  const original = proto._compile;

  proto._compile = function compileWithCache(this: Module, content: string, filename: string) {
    if (!filename.startsWith(prefix) || !filename.endsWith('.cjs') || content.includes('import(')) {
      return original.call(this, content, filename);
    }
    const digest = createHash('sha1').update(content).digest('hex').slice(0, 20);
    const file = join(folder, `${encodeURIComponent(filename.slice(prefix.length))}.${digest}`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), {
      filename,
      // The wrapper's text sits before the chunk's first line; columns there count from the chunk's start.
      columnOffset: -WRAPPER_PREFIX_LENGTH,
      cachedData,
    });
    if (cachedData === undefined) stats.misses++;
    else if (script.cachedDataRejected) stats.rejected++;
    else stats.hits++;
    if (cachedData === undefined || script.cachedDataRejected) toWrite.push({ script, file });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = requireFor(this, filename);
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };

  const flush = () => {
    const pending = toWrite.splice(0);
    if (pending.length === 0) return;
    try {
      writeCaches(folder, options.codeDir, pending, stats);
    } catch {
      // An unwritable cache only means the next start compiles again.
    }
  };
  const onExit = () => flush();
  process.once('exit', onExit);
  return {
    stats,
    flush,
    uninstall: () => {
      proto._compile = original;
      process.removeListener('exit', onExit);
    },
  };
}

// The `require` a chunk sees: the module's own, with resolve/cache as Node builds them.
function requireFor(module: Module, filename: string): NodeJS.Require {
  const base = createRequire(filename);
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  require.resolve = base.resolve;
  require.cache = base.cache;
  require.main = base.main;
  require.extensions = base.extensions;
  return require;
}

// Writes the produced data; then drops what no longer belongs: files of chunks that are gone or of an
// older text of a chunk, and the folders of builds whose code folder no longer exists (deleted checkouts).
function writeCaches(
  folder: string,
  codeDir: string,
  toWrite: { script: vm.Script; file: string }[],
  stats: CompileCacheStats,
): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  writeFileSync(join(folder, 'origin'), codeDir, { mode: 0o600 });
  const current = new Set<string>();
  for (const { script, file } of toWrite) {
    const data = script.createCachedData();
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, file);
    current.add(basename(file));
    stats.written++;
  }
  pruneFolder(folder, codeDir, current);
  pruneOtherBuilds(dirname(folder), folder);
}

// A cache file is `<chunk path under codeDir, URI-encoded>.<digest>`; keep it only while that chunk exists,
// and only the newest digest of a chunk this process just wrote.
function pruneFolder(folder: string, codeDir: string, current: Set<string>): void {
  const written = new Map([...current].map((name) => [name.slice(0, name.lastIndexOf('.')), name]));
  for (const name of readdirSync(folder)) {
    if (name === 'origin' || current.has(name) || name.endsWith('.tmp')) continue;
    const chunk = name.slice(0, name.lastIndexOf('.'));
    const stale = written.has(chunk) || !existsSync(join(codeDir, decodeURIComponent(chunk)));
    if (stale) rmSync(join(folder, name), { force: true });
  }
}

function pruneOtherBuilds(root: string, own: string): void {
  for (const name of readdirSync(root)) {
    const folder = join(root, name);
    if (folder === own) continue;
    let origin: string;
    try {
      origin = readFileSync(join(folder, 'origin'), 'utf8');
    } catch {
      continue;
    }
    if (!existsSync(origin)) rmSync(folder, { recursive: true, force: true });
  }
}
