// Where the generated tables of the docs come from: the only place that names the src/ modules, so moving one
// of them means changing one line here. The docs test imports these files through vitest; `npm run docs`
// bundles them for plain node (loadDocSources), since dist/cli/ holds only the bundled CLI and so no module
// of the command table.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'rolldown';

/** Each source: the file under the package root and the export the tables read. */
export const DOC_SOURCES = {
  commands: { file: 'src/cli/command-texts.ts', name: 'COMMAND_TEXTS' },
  specJsonSchema: { file: 'src/spec/json-schema.ts', name: 'specJsonSchema' },
  listeners: { file: 'src/nso/listeners.ts', name: 'LISTENERS' },
};

// What docBlocks() takes, from the loaded modules (keyed like DOC_SOURCES).
export function pickSources(modules) {
  const get = (key) => {
    const value = modules[key]?.[DOC_SOURCES[key].name];
    if (value === undefined) throw new Error(`${DOC_SOURCES[key].file} exports no ${DOC_SOURCES[key].name}`);
    return value;
  };
  return { commands: get('commands'), specSchema: get('specJsonSchema')(), listeners: get('listeners') };
}

// Loads the sources with plain node: bundles them into node_modules/.cache (where their npm imports resolve),
// imports them, and removes the bundle again.
export async function loadDocSources(root) {
  const dir = join(root, 'node_modules', '.cache', 'nso-multi-docs');
  await rm(dir, { recursive: true, force: true });
  try {
    await build({
      cwd: root,
      platform: 'node',
      logLevel: 'warn',
      input: Object.fromEntries(Object.entries(DOC_SOURCES).map(([key, s]) => [key, join(root, s.file)])),
      // Imports of local files are written with .js (NodeNext); the bundle reads the .ts sources.
      resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
      external: /^[^./]/,
      output: {
        dir,
        format: 'esm',
        entryFileNames: '[name].mjs',
        chunkFileNames: 'chunks/[name]-[hash].mjs',
      },
    });
    const keys = Object.keys(DOC_SOURCES);
    const modules = await Promise.all(keys.map((key) => import(pathToFileURL(join(dir, `${key}.mjs`)).href)));
    return pickSources(Object.fromEntries(keys.map((key, i) => [key, modules[i]])));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// The docs that may hold generated blocks, relative to the root: README.md and every page under docs/.
export async function listDocFiles(root) {
  const pages = (await readdir(join(root, 'docs'))).filter((name) => name.endsWith('.md')).sort();
  return ['README.md', ...pages.map((name) => `docs/${name}`)];
}
