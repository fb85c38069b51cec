import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load-spec.js';
import { fakeGroups, problemLines, useTempDirs } from './temp-project.js';

describe('the snmp key', () => {
  const tempDir = useTempDirs();
  const load = async (text: string) => {
    const root = await tempDir({ 'package.json': '{}', 'nso-multi.yaml': text });
    return loadSpec({ cwd: root, lookupGroup: fakeGroups });
  };
  const snmpOf = async (text: string) => (await load(text)).spec.instances.map((i) => i.snmp);

  it('is off by default, and true, false or a mapping switch it', async () => {
    const text = [
      'instances:',
      '  - name: a',
      '  - name: b',
      '    snmp: true',
      '  - name: c',
      '    snmp: false',
      '  - name: d',
      '    snmp: { address: "::1" }',
      '  - name: e',
      '    snmp: { enabled: false, address: 127.0.0.2 }',
      '',
    ].join('\n');
    expect(await snmpOf(text)).toEqual([
      undefined,
      { enabled: true, address: '127.0.0.1' },
      undefined,
      { enabled: true, address: '::1' },
      undefined,
    ]);
  });

  it('merges a boolean over a mapping in defaults, keeping its address', async () => {
    const text = [
      'defaults:',
      '  snmp: { enabled: false, address: 127.0.0.2 }',
      'instances:',
      '  - name: a',
      '    snmp: true',
      '  - name: b',
      '  - name: c',
      '    snmp: { enabled: true }',
      '',
    ].join('\n');
    expect(await snmpOf(text)).toEqual([
      { enabled: true, address: '127.0.0.2' },
      undefined,
      { enabled: true, address: '127.0.0.2' },
    ]);
  });

  it('reports a misspelt key, a bad value and a host name, each at its place with a fix', async () => {
    const text = [
      'instances:',
      '  - name: a',
      '    snmp: { addres: 127.0.0.1 }',
      '  - name: b',
      '    snmp: "yes"',
      '  - name: c',
      '    snmp: { address: localhost }',
      '',
    ].join('\n');
    const lines = await problemLines(load(text));
    expect(lines).toEqual([
      expect.stringMatching(
        /:3:13: instances\.0\.snmp\.addres: unknown key `addres` — did you mean `address`\?$/,
      ),
      expect.stringMatching(
        /:5:5: instances\.1\.snmp: expected true, false or a mapping, got the string "yes" — use true, false/,
      ),
      expect.stringMatching(
        /:7:5: instances\.2\.snmp: `address`: "localhost" is not .* — use 127\.0\.0\.1 \(or ::1\)/,
      ),
    ]);
  });

  it('refuses a pinned SNMP port where SNMP is off', async () => {
    const text = 'instances:\n  - name: a\n    ports: { snmp: 14050 }\n';
    expect(await problemLines(load(text))).toEqual([
      expect.stringMatching(
        /instances\.0\.ports\.snmp: a port is pinned for snmp, but `snmp\.enabled` is false/,
      ),
    ]);
  });
});
