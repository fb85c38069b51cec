// The rule that a port pinned for a template listener needs a template that switches it on.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load-spec.js';
import { fakeGroups, problemLines, useTempDirs } from './temp-project.js';

// A template with the Web UI on TCP and nothing else of the template listeners.
const WEBUI_TCP = `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">
  <webui>
    <enabled>true</enabled>
    <transport><tcp><enabled>true</enabled></tcp></transport>
  </webui>
</ncs-config>
`;

describe('pins on listeners the template decides', () => {
  const tempDir = useTempDirs();
  const load = async (spec: string) => {
    const root = await tempDir({ 'package.json': '{}', 'nso-multi.yaml': spec, 'webui.xml': WEBUI_TCP });
    return { root, loading: loadSpec({ cwd: root, lookupGroup: fakeGroups }) };
  };

  it('reports a pin the template leaves off at the pin, with the template and the fix', async () => {
    const { root, loading } = await load(
      [
        'defaults: { template: webui.xml }',
        'instances:',
        '  - name: a',
        '    ports: { webuiTcp: 21004, restconfTcp: 21007 }',
        '  - name: b',
        '    ports:',
        '      webuiSsl: 21015',
        '',
      ].join('\n'),
    );
    const template = join(root, 'webui.xml');
    expect(await problemLines(loading)).toEqual([
      `nso-multi.yaml:4:31: instances.0.ports.restconfTcp: a port is pinned for restconfTcp, but template ${template} does not enable it — remove ports.restconfTcp, or set \`restconf.tcp: true\``,
      `nso-multi.yaml:7:7: instances.1.ports.webuiSsl: a port is pinned for webuiSsl, but template ${template} does not enable it — remove ports.webuiSsl, or set \`webui.ssl: true\``,
    ]);
  });

  it('names the bundled template, and reports a pin in defaults once', async () => {
    const { loading } = await load(
      'defaults:\n  ports: { ha: 21009 }\ninstances: [{ name: a }, { name: b }]\n',
    );
    const lines = await problemLines(loading);
    expect(lines).toContain(
      'nso-multi.yaml:2:12: defaults.ports.ha: a port is pinned for ha, but the ncs.conf template bundled with nso-multi does not enable it — remove ports.ha, or set `ha.enabled: true`',
    );
    expect(lines.filter((line) => line.includes('pinned for ha,'))).toHaveLength(1);
  });

  it('accepts a pin the spec switches on itself, or the template does', async () => {
    const { loading } = await load(
      [
        'defaults: { template: webui.xml }',
        'instances:',
        '  - name: a',
        '    ports: { webuiTcp: 21004, webuiSsl: 21005 }',
        '    webui: { ssl: true }',
        '',
      ].join('\n'),
    );
    const { spec } = await loading;
    expect(spec.instances[0]?.ports).toEqual({ webuiTcp: 21004, webuiSsl: 21005 });
  });

  it('leaves an explicit false to the spec rule and a broken template to the template rule', async () => {
    const { loading } = await load(
      [
        'instances:',
        '  - name: a',
        '    template: webui.xml',
        '    ports: { webuiTcp: 21004 }',
        '    webui: { tcp: false }',
        '  - name: b',
        '    template: missing.xml',
        '    ports: { ha: 21019 }',
        '',
      ].join('\n'),
    );
    const lines = await problemLines(loading);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(
      'instances.0.ports.webuiTcp: a port is pinned for webuiTcp, but `webui.tcp` is false',
    );
    expect(lines[1]).toContain('instances.1.template: template');
  });
});
