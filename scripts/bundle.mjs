// Bundles the three executables (the CLI, the simulator's bin, the watchdog) over the files tsc wrote for
// them, so that a command loads a few chunks instead of ~175 modules: Node's ESM loader pays per module
// (resolve, read, compile), and zod's main entry alone pulls in 64 locale modules that tree-shaking drops.
// Run after `tsc -p tsconfig.build.json` (npm run build does both). The library (dist/index.js,
// dist/testing/vitest.js, the .d.ts files) stays tsc's output; only the three entry files are replaced.
//
// Layout: dist/cli/main.js, dist/sim/bin.js and dist/project/watchdog-main.js become the entries, the code
// they share or import lazily goes to dist/chunks/. The CLI is CommonJS (main.js, made so by
// dist/cli/package.json, and chunks/*.cjs) for its code cache; the other two are ES modules (chunks/*.js).
// Every chunk sits two folders below the package root,
// like the modules tsc writes, so paths computed from import.meta.url ('../../package.json',
// '../../templates/...', '../sim/bin.js') mean the same in a chunk as in the module they came from.
//
// Stack traces: the output is not minified and keeps function names, with a `// src/...` comment before
// each module's code, so even an unmapped trace names real functions in readable code. A source map is
// written beside every chunk but Node reads none by default: --enable-source-maps at every start would
// cost more than the bundle saves. `nso-multi --debug` switches maps on before it loads the rest of the
// CLI (src/cli/main.ts), so its traces name src/*.ts lines; minifying would save only a few per cent.
import { chmod, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { lazyHtmlEntities } from './lazy-html-entities.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

// Entry name (its path under dist/ without .js) → its TypeScript source.
const ENTRIES = {
  'cli/main': 'src/cli/main.ts',
  'sim/bin': 'src/sim/bin.ts',
  'project/watchdog-main': 'src/project/watchdog-main.ts',
};
const CLI_ENTRY = 'cli/main';

// Modules that always load together, by their path under src/ without .ts. Left alone, the bundler makes a
// chunk per set of importers, and env would load 17 small files; grouped, it loads 7. A name that no longer
// matches a file only costs a few more chunks.
const CHUNK_GROUPS = {
  // What the CLI's entry asks before it installs the code cache, and run-cli asks again: a chunk of its own, so
  // that the entry does not load the 'cli-start' chunk below before the cache is there.
  'cli-entry': ['cli/debug-flag'],
  // Shared by every executable; first, so that the simulator loads neither of the CLI's groups below.
  shared: ['errors', 'model'],
  // What every command of the CLI loads before it runs.
  'cli-start': [
    'cli/run-cli',
    'cli/command-table',
    'cli/parse-args',
    'cli/print-notices',
    'cli/report-error',
    'cli/help-text',
    'cli/version',
    'state/state-notices',
  ],
  // The fast path of env, status, down and exec: the spec file found, the state file read.
  'project-state': [
    'state/project-state',
    'state/locate-state',
    'spec/find-spec-file',
    'spec/search-places',
    'state/state-file',
    'state/load-state',
    'render/env-file',
  ],
};

// A code-splitting group that takes the listed src/ modules (and what they import that no earlier group
// took: a module goes to the first group, by priority, that wants it).
function group(name, modules, index, all) {
  const files = new Set(modules.map((module) => join(root, 'src', `${module}.ts`)));
  return { name, test: (id) => files.has(id), priority: all.length - index };
}

// Chunks of an earlier build would pile up, since their names carry a content hash. dist/cli/ holds only
// the CLI's entry once bundled: tsc's modules there are what the bundle replaces, and nothing else (the
// library, its types) imports them.
await rm(join(dist, 'chunks'), { recursive: true, force: true });
await rm(join(dist, 'cli'), { recursive: true, force: true });

// Options both builds share.
const common = {
  plugins: [lazyHtmlEntities],
  cwd: root,
  platform: 'node',
  tsconfig: join(root, 'tsconfig.build.json'),
  // Imports of local files are written with .js (NodeNext) but the bundle reads the .ts sources.
  resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
  transform: { target: 'node20' },
  // cosmiconfig imports typescript only for .ts configs, which a spec cannot be; never ship the compiler.
  external: ['typescript'],
  logLevel: 'warn',
};

const output = {
  dir: dist,
  sourcemap: true,
  // A map only has to turn bundle positions into src/ positions; the sources are in the repository.
  sourcemapExcludeSources: true,
  minify: false,
  // Licence notices of the bundled packages stay; doc comments only cost parse time.
  comments: { legal: true, annotation: false, jsdoc: false },
};

const groups = (names) => names.map((name, i) => group(name, CHUNK_GROUPS[name], i, names));

// The CLI: CommonJS, so that src/cli/compile-cache.ts can serve its chunks from a V8 code cache (Node 20
// can do that for scripts, not for ES modules). The package is "type": "module", so the chunks are .cjs
// and dist/cli/ gets a package.json of its own that makes its main.js (the bin) CommonJS: loading an ES
// module entry that imports the CommonJS one costs ~20 ms more at every start.
await build({
  ...common,
  input: { [CLI_ENTRY]: join(root, ENTRIES[CLI_ENTRY]) },
  output: {
    ...output,
    format: 'cjs',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].cjs',
    codeSplitting: { groups: groups(Object.keys(CHUNK_GROUPS)) },
  },
});

// The simulator and the watchdog: ES modules as tsc wrote them, bundled. They start as daemons, where the
// cache would gain little; the simulator also stands in for NSO in the benchmarks' baseline script.
await build({
  ...common,
  input: Object.fromEntries(
    Object.entries(ENTRIES)
      .filter(([name]) => name !== CLI_ENTRY)
      .map(([name, file]) => [name, join(root, file)]),
  ),
  output: {
    ...output,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    codeSplitting: { groups: groups(['shared']) },
  },
});

// tsc's maps of the simulator's and the watchdog's entries describe files that no longer exist.
for (const name of Object.keys(ENTRIES).filter((name) => name !== CLI_ENTRY)) {
  await unlink(join(dist, `${name}.js.map`)).catch(() => {});
}
await writeFile(join(dist, 'cli', 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
await chmod(join(dist, `${CLI_ENTRY}.js`), 0o755);
