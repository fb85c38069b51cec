// Every relative link of the docs names a file that exists, and every anchor a heading of the page it names.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

// Linked before they exist: written on another branch. Once a page exists the test below says to drop it here.
async function markdownFiles(): Promise<string[]> {
  const under = async (dir: string) =>
    (await readdir(join(root, dir))).filter((name) => name.endsWith('.md')).map((name) => `${dir}/${name}`);
  return ['README.md', 'BENCHMARKS.md', ...(await under('docs')), ...(await under('bench'))];
}

// The text without fenced code blocks and code spans, where `[a](b)` is not a link.
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

// The targets of inline links that stay in the repository (no scheme, no mail).
function relativeLinks(text: string): string[] {
  return [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

// The anchors GitHub gives a page's headings: lowercase, punctuation dropped, spaces as '-', repeats numbered.
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of text.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = (heading as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replaceAll(' ', '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

describe('links between the docs', () => {
  it('name files that exist and headings those files have', async () => {
    const broken: string[] = [];
    for (const file of await markdownFiles()) {
      const text = await readFile(join(root, file), 'utf8');
      for (const link of relativeLinks(text)) {
        const [path = '', anchor] = link.split('#');
        const target = path === '' ? file : relative(root, join(root, dirname(file), path));
        if (!existsSync(join(root, target))) {
          broken.push(`${file}: ${link} (no ${target})`);
        } else if (anchor !== undefined && target.endsWith('.md')) {
          const targetText = await readFile(join(root, target), 'utf8');
          if (!anchors(targetText).has(anchor))
            broken.push(`${file}: ${link} (no heading #${anchor} in ${target})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('are found in a sample text, and anchors are made as GitHub makes them', () => {
    const sample =
      '# A `b`: c\n\n## A `b`: c\n\n[x](docs/spec.md#keys) `[y](z.md)` [w](https://example.com)\n';
    expect(relativeLinks(sample)).toEqual(['docs/spec.md#keys']);
    expect([...anchors(sample)]).toEqual(['a-b-c', 'a-b-c-1']);
  });
});
