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
      '    haRaft: { enabled: true }',
      '  - name: c',
      '    haRaft: { enabled: true, address: 127.0.0.1 }',
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

  it('refuses a cluster of one node, at the switch that makes it a node', async () => {
    const text = [
      'project: lab',
      'instances:',
      '  - name: a',
      '    haRaft: { enabled: true }',
      '  - name: b',
      '',
    ].join('\n');
    const root = await tempDir({ 'package.json': '{}', 'nso-multi.yaml': text });
    expect(await problemLines(loadSpec({ cwd: root, lookupGroup: fakeGroups }))).toEqual([
      'nso-multi.yaml:4:15: instances.0.haRaft.enabled: HA Raft cluster lab has one node (a): it replicates to nobody and cannot fail over — switch HA Raft on in at least two more instances (three nodes survive the loss of one), e.g. `defaults: { haRaft: { enabled: true } }`, or switch it off here',
    ]);
  });

  it('counts nodes per cluster-name: a template naming its own cluster makes a second cluster', async () => {
    const template = [
      '<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">',
      '  <ha-raft><enabled>true</enabled><cluster-name>other</cluster-name></ha-raft>',
      '</ncs-config>',
    ].join('\n');
    const text = [
      'defaults:',
      '  haRaft: { enabled: true }',
      'instances:',
      '  - name: a',
      '  - name: b',
      '  - name: c',
      '    template: other.xml',
      '',
    ].join('\n');
    const root = await tempDir({ 'package.json': '{}', 'nso-multi.yaml': text, 'other.xml': template });
    const lines = await problemLines(loadSpec({ cwd: root, lookupGroup: fakeGroups }));
    expect(lines).toEqual([
      expect.stringMatching(
        /^nso-multi\.yaml:2:\d+: defaults\.haRaft\.enabled: HA Raft cluster other has one node \(c\)/,
      ),
    ]);
  });

  it('refuses nodes of one cluster on different NSO versions, and an IPv6 node address', async () => {
    const text = [
      'project: lab',
      'defaults:',
      '  haRaft: { enabled: true }',
      'instances:',
      '  - name: a',
      '    container: { image: "cisco-nso-prod:6.4.1" }',
      '  - name: b',
      '    container: { image: "cisco-nso-prod:6.3.2" }',
      '  - name: c',
      '    haRaft: { address: "::1" }',
      '',
    ].join('\n');
    const root = await tempDir({ 'package.json': '{}', 'nso-multi.yaml': text });
    const lines = await problemLines(loadSpec({ cwd: root, lookupGroup: fakeGroups }));
    expect(lines).toEqual([
      'nso-multi.yaml:8:18: instances.1.container.image: HA Raft cluster lab: b runs cisco-nso-prod:6.3.2 but a runs cisco-nso-prod:6.4.1; the nodes of a cluster run one NSO version — give every node of the cluster the same version, e.g. container: { image: cisco-nso-prod:6.4.1 }',
      'nso-multi.yaml:10:15: instances.2.haRaft.address: ::1 is an IPv6 address: HA Raft nodes with IPv6 node addresses never connect (measured on NSO 6.2.5) — use an IPv4 address of this host, e.g. 127.0.0.1 (the default)',
    ]);
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
