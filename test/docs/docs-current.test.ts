// The generated tables of README.md and docs/ are what the code says today (scripts/docs-tables.mjs).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOC_SOURCES, listDocFiles, pickSources } from '../../scripts/docs-sources.mjs';
import { type DocSources, docBlocks, fillGenerated, markedBlocks } from '../../scripts/docs-tables.mjs';

const root = join(import.meta.dirname, '..', '..');

// The sources straight from src/, through vitest: the same files `npm run docs` bundles.
async function sourcesFromSrc(): Promise<DocSources> {
  const entries = await Promise.all(
    Object.entries(DOC_SOURCES).map(async ([key, source]) => [key, await import(join(root, source.file))]),
  );
  return pickSources(Object.fromEntries(entries));
}

const blocksFromSrc = async () => docBlocks(await sourcesFromSrc());

describe('the generated tables of the docs', () => {
  it('are current in every page (run `npm run docs` after changing the commands, the schema or the listeners)', async () => {
    const blocks = await blocksFromSrc();
    for (const file of await listDocFiles(root)) {
      const text = await readFile(join(root, file), 'utf8');
      expect(text, `${file} is out of date: run \`npm run docs\``).toBe(fillGenerated(text, blocks));
    }
  });

  it('each appear in some page, so a table cannot be dropped by deleting its markers', async () => {
    const marked = new Set<string>();
    for (const file of await listDocFiles(root)) {
      for (const name of markedBlocks(await readFile(join(root, file), 'utf8'))) marked.add(name);
    }
    expect([...marked].sort()).toEqual(Object.keys(await blocksFromSrc()).sort());
  });

  it('list every command of the CLI and every key of the spec', async () => {
    const sources = await sourcesFromSrc();
    const blocks = docBlocks(sources);
    for (const entry of Object.values(sources.commands)) expect(blocks.commands).toContain(entry.summary);
    expect(blocks['spec-keys']).toContain('`instances[].ipc.accessCheck.mode`');
    expect(blocks['spec-keys']).toContain('`layout.base`');
  });
});

describe('fillGenerated', () => {
  it('replaces what is between the markers and nothing else, and refuses a name it does not know', () => {
    const text = 'before\n<!-- generated: a (npm run docs) -->\nold\n<!-- end generated -->\nafter\n';
    expect(fillGenerated(text, { a: 'new' })).toBe(
      'before\n<!-- generated: a (npm run docs) -->\n\nnew\n\n<!-- end generated -->\nafter\n',
    );
    expect(() => fillGenerated(text, {})).toThrow('unknown generated block "a"');
  });
});
