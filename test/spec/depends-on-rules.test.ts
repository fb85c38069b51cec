import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load-spec.js';
import { fakeGroups, problemLines, useTempDirs } from './temp-project.js';

const load = (root: string) => loadSpec({ cwd: root, lookupGroup: fakeGroups });

describe('spec rules for dependsOn and container', () => {
  const tempDir = useTempDirs();
  const project = (spec: string) => tempDir({ 'package.json': '{}', 'nso-multi.yaml': spec });

  it('reports an unknown name and the instance itself at the entry, with line and column', async () => {
    const text = [
      'instances:',
      '  - name: a',
      '    dependsOn: [b, nope]',
      '  - name: b',
      '    dependsOn:',
      '      - b',
      '',
    ].join('\n');
    const lines = await problemLines(load(await project(text)));
    expect(lines).toEqual([
      'nso-multi.yaml:3:20: instances.0.dependsOn.1: `nope` is not an instance of this spec — name one of: b',
      'nso-multi.yaml:6:9: instances.1.dependsOn.0: instance `b` depends on itself — remove it from `dependsOn`',
    ]);
  });

  it('reports a cycle once, at the entry that closes it', async () => {
    const text = [
      'instances:',
      '  - name: a',
      '    dependsOn: [c]',
      '  - name: b',
      '    dependsOn: [a]',
      '  - name: c',
      '    dependsOn: [b]',
      '  - name: d',
      '    dependsOn: [a]',
      '',
    ].join('\n');
    const lines = await problemLines(load(await project(text)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^nso-multi\.yaml:5:17: instances\.1\.dependsOn\.0: dependsOn forms a cycle: `a` → `c` → `b` → `a`/,
    );
  });

  it('reports a name listed twice and a dependsOn that is not a list', async () => {
    const twice = 'instances:\n  - name: a\n  - name: b\n    dependsOn: [a, a]\n';
    expect(await problemLines(load(await project(twice)))).toEqual([
      'nso-multi.yaml:4:20: instances.1.dependsOn.1: `a` is listed twice — list each instance once',
    ]);
    const scalar = 'instances:\n  - name: a\n  - name: b\n    dependsOn: a\n';
    const [line] = await problemLines(load(await project(scalar)));
    expect(line).toMatch(/^nso-multi\.yaml:4:5: instances\.1\.dependsOn: expected a list/);
  });

  it('merges container.image from defaults, lets an instance override it, and keeps dependsOn', async () => {
    const text = [
      'defaults:',
      '  container: { image: "cisco-nso-prod:6.4.1" }',
      'instances:',
      '  - name: a',
      '  - name: b',
      '    container: { image: "cisco-nso-prod:6.5" }',
      '    dependsOn: [a]',
      '',
    ].join('\n');
    const [a, b] = (await load(await project(text))).spec.instances;
    expect(a?.container).toEqual({ image: 'cisco-nso-prod:6.4.1' });
    expect(a?.dependsOn).toBeUndefined();
    expect(b?.container).toEqual({ image: 'cisco-nso-prod:6.5' });
    expect(b?.dependsOn).toEqual(['a']);
  });

  it('refuses an empty image and dependsOn in defaults', async () => {
    const text = 'defaults:\n  container: { image: "" }\n  dependsOn: [a]\ninstances:\n  - name: a\n';
    const lines = await problemLines(load(await project(text)));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^nso-multi\.yaml:2:16: defaults\.container\.image: must not be empty — give the NSO image/,
    );
    expect(lines[1]).toMatch(/^nso-multi\.yaml:3:3: defaults\.dependsOn: unknown key `dependsOn`/);
  });
});
