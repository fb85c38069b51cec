import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load-spec.js';
import { fakeGroups, problemLines, useTempDirs } from './temp-project.js';

describe('spec rules for the template listeners', () => {
  const tempDir = useTempDirs();

  it('reports a port pinned for a listener the spec switches off', async () => {
    const text = [
      'instances:',
      '  - name: a',
      '    ports: { webuiSsl: 17905, callHome: 17906 }',
      '    webui: { ssl: false }',
      '    callHome: { enabled: false }',
      '',
    ].join('\n');
    const root = await tempDir({ 'package.json': '{}', 'nso-multi.yaml': text });
    expect(await problemLines(loadSpec({ cwd: root, lookupGroup: fakeGroups }))).toEqual([
      'nso-multi.yaml:3:14: instances.0.ports.webuiSsl: a port is pinned for webuiSsl, but `webui.ssl` is false — remove ports.webuiSsl, or set `webui.ssl: true`',
      'nso-multi.yaml:3:31: instances.0.ports.callHome: a port is pinned for callHome, but `callHome.enabled` is false — remove ports.callHome, or set `callHome.enabled: true`',
    ]);
  });

  it('keeps the flags the spec leaves out undecided and defaults the address to loopback', async () => {
    const text = 'instances:\n  - name: a\n    webui: { tcp: true }\n    ha: {}\n';
    const root = await tempDir({ 'package.json': '{}', 'nso-multi.yaml': text });
    const [a] = (await loadSpec({ cwd: root, lookupGroup: fakeGroups })).spec.instances;
    expect(a?.webui).toEqual({ tcp: true, address: '127.0.0.1' });
    expect(a?.ha).toEqual({ address: '127.0.0.1' });
    expect(a?.restconf).toBeUndefined();
  });
});
