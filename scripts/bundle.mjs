// Bundles the four executables (the CLI, the simulator's bin, the watchdog, the reuse keeper) over the files
// tsc wrote for them, so that a command loads a few files instead of ~175 modules: Node's ESM loader pays per
// module (resolve, read, compile), and zod's main entry alone pulls in 64 locale modules that tree-shaking
// drops.
// Run after `tsc -p tsconfig.build.json` (npm run build does both). The library (dist/index.js,
// dist/testing/vitest.js, the .d.ts files) stays tsc's output; only the four entry files are replaced.
//
// The code the entries share or import lazily goes to dist/chunks/, two folders below the package root like
// the modules tsc writes, so paths computed from import.meta.url ('../../package.json', '../sim/bin.js')
// mean the same in a chunk as in the module it came from. The output is not minified and keeps function
// names; a source map beside every file serves `nso-multi --debug` (src/cli/main.ts).
import { chmod, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

// Entry name (its path under dist/ without .js) → its TypeScript source.
const ENTRIES = {
  'cli/main': 'src/cli/main.ts',
  'sim/bin': 'src/sim/bin.ts',
  'project/watchdog-main': 'src/project/watchdog-main.ts',
  'project/reuse-keeper-main': 'src/project/reuse-keeper-main.ts',
};

// Chunks of an earlier build would pile up, since their names carry a content hash.
await rm(join(dist, 'chunks'), { recursive: true, force: true });

await build({
  cwd: root,
  platform: 'node',
  tsconfig: join(root, 'tsconfig.build.json'),
  input: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, join(root, file)])),
  // Imports of local files are written with .js (NodeNext) but the bundle reads the .ts sources.
  resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
  transform: { target: 'node20' },
  // cosmiconfig (loaded only for a .js/.mjs spec) stays as published: when import() of a spec fails it retries
  // with CommonJS's require, which needs a CommonJS __filename that an ES module bundle does not have.
  external: ['cosmiconfig'],
  logLevel: 'warn',
  output: {
    dir: dist,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
    // A map only has to turn bundle positions into src/ positions; the sources are in the repository.
    sourcemapExcludeSources: true,
    minify: false,
    // Licence notices of the bundled packages stay; doc comments only cost parse time.
    comments: { legal: true, annotation: false, jsdoc: false },
  },
});

// tsc's maps of the entries describe files the bundle replaced.
for (const name of Object.keys(ENTRIES)) await unlink(join(dist, `${name}.js.map`)).catch(() => {});
await chmod(join(dist, 'cli/main.js'), 0o755);
