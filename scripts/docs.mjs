// `npm run docs`: rewrites the generated tables of the docs (between `<!-- generated: NAME (npm run docs) -->`
// and `<!-- end generated -->`) from the code, and says which files changed.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listDocFiles, loadDocSources } from './docs-sources.mjs';
import { docBlocks, fillGenerated, markedBlocks } from './docs-tables.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const blocks = docBlocks(await loadDocSources(root));
for (const file of await listDocFiles(root)) {
  const path = join(root, file);
  const text = await readFile(path, 'utf8');
  const filled = fillGenerated(text, blocks);
  if (filled !== text) await writeFile(path, filled);
  const names = markedBlocks(text);
  if (names.length > 0)
    process.stderr.write(`${filled === text ? 'current' : 'updated'} ${file}: ${names.join(', ')}\n`);
}
