import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load-spec.js';
import { fakeGroups, problemLines, useTempDirs } from './temp-project.js';

describe('YAML errors become problems at the position yaml reports', () => {
  const tempDir = useTempDirs();
  const problemsOf = async (text: string) => {
    const root = await tempDir({ 'package.json': '{}', 'nso-multi.yaml': text });
    return problemLines(loadSpec({ cwd: root, lookupGroup: fakeGroups }));
  };

  it('tabs as indentation', async () => {
    expect(await problemsOf('instances:\n  - name: a\n\tports: {}\n')).toEqual([
      'nso-multi.yaml:3:1: Tabs are not allowed as indentation — indent with spaces instead',
    ]);
  });

  it('an unclosed quote, at the quote that opened it', async () => {
    expect(await problemsOf('project: "lab\ninstances: [{ name: a }]\n')).toEqual([
      'nso-multi.yaml:1:10: the "-quoted value opened here is never closed — add the closing " where the value ends',
    ]);
  });

  it('an unclosed bracket, at the bracket that opened it', async () => {
    expect(await problemsOf('instances: [{ name: a }, { name: b }\nproject: lab\n')).toEqual([
      'nso-multi.yaml:1:12: the `[` opened here is never closed — add the closing `]` (a list or mapping in brackets that goes on over several lines must indent them more than its key)',
    ]);
  });

  it('a duplicate key, together with the other problems of the file', async () => {
    expect(await problemsOf('instances:\n  - name: a\n    name: b\n    portz: {}\n')).toEqual([
      'nso-multi.yaml:3:5: instances.0.name: is given twice in this mapping (first at line 2, column 5) — keep only one of the two keys',
      'nso-multi.yaml:4:5: instances.0.portz: unknown key `portz` — did you mean `ports`?',
    ]);
  });

  it('an alias bomb, stopped by the alias limit', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [prev, name] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
    ]) {
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    expect(await problemsOf(`${levels.join('\n')}\ninstances: [{ name: a }]\n`)).toEqual([
      'nso-multi.yaml:2:8: the aliases expand beyond 100 nodes (an "alias bomb") — write the values out, or put shared settings under `defaults`',
    ]);
  });

  it('an alias without its anchor', async () => {
    expect(await problemsOf('instances:\n  - name: *nameless\n')).toEqual([
      'nso-multi.yaml:2:11: alias *nameless has no anchor &nameless before it — define the anchor (&nameless) before the alias, or write the value out',
    ]);
  });

  it('several documents in one file', async () => {
    expect(await problemsOf('instances: [{ name: a }]\n---\ninstances: [{ name: b }]\n')).toEqual([
      'nso-multi.yaml:2:1: the file holds more than one YAML document — keep a single YAML document: remove the `---` separator and what follows',
    ]);
  });

  it('anchors and aliases within the limit are fine', async () => {
    const root = await tempDir({
      'package.json': '{}',
      'nso-multi.yaml': 'instances:\n  - name: a\n    cli: &cli { ssh: false }\n  - name: b\n    cli: *cli\n',
    });
    const { spec } = await loadSpec({ cwd: root, lookupGroup: fakeGroups });
    expect(spec.instances.map((i) => i.cli.ssh)).toEqual([false, false]);
  });
});
