import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load-spec.js';
import { fakeGroups, problemLines, useTempDirs } from './temp-project.js';

describe('spec rules for HA Raft', () => {
  const tempDir = useTempDirs();

  it('refuses a wildcard address at the key, from an instance or from defaults', async () => {
    const text = [
      'defaults:',
      '  haRaft: { address: "::" }',
      'instances:',
      '  - name: a',
      '    haRaft: { enabled: true, address: 0.0.0.0 }',
      '  - name: b',
      '',
    ].join('\n');
    const root = await tempDir({ 'package.json': '{}', 'nso-multi.yaml': text });
    const lines = await problemLines(loadSpec({ cwd: root, lookupGroup: fakeGroups }));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^nso-multi\.yaml:2:\d+: defaults\.haRaft\.address: :: is a wildcard address/);
    expect(lines[1]).toMatch(
      /^nso-multi\.yaml:5:\d+: instances\.0\.haRaft\.address: 0\.0\.0\.0 is a wildcard/,
    );
    expect(lines[1]).toContain('e.g. 127.0.0.1');
  });

  it('reports a port pinned for HA Raft the spec switches off, and defaults the address to loopback', async () => {
    const bad = 'instances:\n  - name: a\n    ports: { haRaft: 15401 }\n    haRaft: { enabled: false }\n';
    const root = await tempDir({ 'package.json': '{}', 'nso-multi.yaml': bad });
    expect(await problemLines(loadSpec({ cwd: root, lookupGroup: fakeGroups }))).toEqual([
      'nso-multi.yaml:3:14: instances.0.ports.haRaft: a port is pinned for haRaft, but `haRaft.enabled` is false — remove ports.haRaft, or set `haRaft.enabled: true`',
    ]);
    const good = 'instances:\n  - name: a\n    haRaft: {}\n';
    const other = await tempDir({ 'package.json': '{}', 'nso-multi.yaml': good });
    const [a] = (await loadSpec({ cwd: other, lookupGroup: fakeGroups })).spec.instances;
    expect(a?.haRaft).toEqual({ address: '127.0.0.1' });
  });
});
