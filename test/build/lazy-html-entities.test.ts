// The bundle's plugin that makes @xmldom/xmldom's HTML entity table lazy (scripts/lazy-html-entities.mjs),
// applied to the installed xmldom's own file: the module must export the same tables, only later.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, without type declarations
import { lazyHtmlEntities } from '../../scripts/lazy-html-entities.mjs';
import { REPO_ROOT } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const FILE = join(REPO_ROOT, 'node_modules', '@xmldom', 'xmldom', 'lib', 'entities.js');
const realFreeze = (
  require(join(REPO_ROOT, 'node_modules', '@xmldom', 'xmldom', 'lib', 'conventions.js')) as {
    freeze: <T>(o: T) => T;
  }
).freeze;

interface Entities {
  XML_ENTITIES: Record<string, string>;
  HTML_ENTITIES: Record<string, string>;
  entityMap: Record<string, string>;
}

// Runs a CommonJS text as entities.js would run, counting the calls of its `freeze`.
function evaluate(code: string): { exports: Entities; freezes: () => number } {
  let count = 0;
  const freeze = <T>(object: T): T => {
    count++;
    return realFreeze(object);
  };
  const module = { exports: {} as Entities };
  const fakeRequire = (id: string) => {
    if (id !== './conventions') throw new Error(`unexpected require ${id}`);
    return { freeze };
  };
  new Function('exports', 'require', 'module', code)(module.exports, fakeRequire, module);
  return { exports: module.exports, freezes: () => count };
}

describe('lazy HTML entities (bundle plugin)', () => {
  const original = readFileSync(FILE, 'utf8');
  const transformed = lazyHtmlEntities.transform(original, FILE) as { code: string };

  it('builds the HTML table only when it is first read, and then the same table as xmldom', () => {
    const before = evaluate(original);
    const after = evaluate(transformed.code);
    expect(before.freezes()).toBe(2);
    expect(after.freezes()).toBe(1);
    expect(after.exports.XML_ENTITIES).toEqual(before.exports.XML_ENTITIES);
    const html = after.exports.HTML_ENTITIES;
    expect(after.freezes()).toBe(2);
    expect(html).toEqual(before.exports.HTML_ENTITIES);
    expect(Object.keys(html).length).toBeGreaterThan(2000);
    expect(Object.isFrozen(html)).toBe(true);
    expect(after.exports.HTML_ENTITIES).toBe(html);
    expect(after.exports.entityMap).toBe(html);
    expect(Object.keys(after.exports).sort()).toEqual(Object.keys(before.exports).sort());
  });

  it('keeps every line where it was, and leaves other files alone', () => {
    expect(transformed.code.split('\n').length).toBe(original.split('\n').length);
    expect(lazyHtmlEntities.transform(original, '/x/node_modules/other/lib/entities.js')).toBeNull();
  });

  it('fails the build when the file no longer has the expected shape', () => {
    const changed = original.replace('exports.entityMap = exports.HTML_ENTITIES;', '');
    expect(() => lazyHtmlEntities.transform(changed, FILE)).toThrow(/not the shape/);
  });
});
