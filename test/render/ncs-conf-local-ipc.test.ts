import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localIpcModeFor } from '../../src/nso/local-ipc-versions.js';
import { renderNcsConf } from '../../src/render/ncs-conf.js';
import { instanceInput } from './ncs-conf-input.js';
import { elementsAt, leafAt } from './xml-read.js';

const TEMPLATE = readFileSync(new URL('../../templates/ncs.conf.xml', import.meta.url), 'utf8');
const NS = 'xmlns="http://tail-f.com/yang/tailf-ncs-config"';

const WITH_LOCAL_IPC = [
  `<ncs-config ${NS}>`,
  '  <ncs-ipc-address>',
  '    <ip>127.0.0.1</ip>',
  '    <port>4569</port>',
  '  </ncs-ipc-address>',
  '  <!-- local IPC, 6.4+ -->',
  '  <ncs-local-ipc>',
  '    <enabled>true</enabled>',
  '    <path>/tmp/nso/nso-ipc</path>',
  '  </ncs-local-ipc>',
  '  <state-dir>./state</state-dir>',
  '</ncs-config>',
  '',
].join('\n');

describe('localIpcModeFor', () => {
  it.each([
    ['6.4', 'disable'],
    ['6.4.1', 'disable'],
    ['6.5', 'disable'],
    ['6.7.1.2', 'disable'],
    ['6.10', 'disable'],
    ['6.10.2', 'disable'],
    ['7.0', 'disable'],
    ['10.1', 'disable'],
    ['6.3', 'omit'],
    ['6.3.9', 'omit'],
    ['6.2.5', 'omit'],
    ['5.8.13', 'omit'],
    ['6.1', 'omit'],
  ])('%s → %s (numeric, so 6.10 counts as later than 6.4)', (version, mode) => {
    expect(localIpcModeFor(version)).toBe(mode);
  });

  it.each(['', 'unknown', '6', 'six.four', 'x6.4', '.4'])('unparsable %j → omit', (version) => {
    expect(localIpcModeFor(version)).toBe('omit');
  });
});

describe('renderNcsConf and ncs-local-ipc', () => {
  it("'disable' adds ncs-local-ipc/enabled=false after the other IPC settings", () => {
    const out = renderNcsConf(TEMPLATE, instanceInput({ localIpc: 'disable' }));
    expect(out).toContain(
      '    <filename>/work/run/one/ipc-secret</filename>\n  </ncs-ipc-access-check>\n' +
        '  <ncs-local-ipc>\n    <enabled>false</enabled>\n  </ncs-local-ipc>\n\n  <!-- Where NSO finds',
    );
    expect(leafAt(out, 'ncs-local-ipc/enabled')).toBe('false');
  });

  it("'disable' switches an existing ncs-local-ipc off and keeps its path", () => {
    const out = renderNcsConf(WITH_LOCAL_IPC, instanceInput({ localIpc: 'disable' }));
    expect(out).toContain(
      '  <ncs-local-ipc>\n    <enabled>false</enabled>\n    <path>/tmp/nso/nso-ipc</path>\n  </ncs-local-ipc>',
    );
  });

  it("'omit' removes the template's ncs-local-ipc with its line and nothing else", () => {
    const out = renderNcsConf(WITH_LOCAL_IPC, instanceInput({ localIpc: 'omit' }));
    expect(elementsAt(out, 'ncs-local-ipc')).toHaveLength(0);
    expect(out).toContain('  <!-- local IPC, 6.4+ -->\n  <state-dir>./state</state-dir>\n');
  });

  it("'omit' adds nothing to a template without ncs-local-ipc", () => {
    const out = renderNcsConf(TEMPLATE, instanceInput({ localIpc: 'omit' }));
    expect(out).not.toContain('local-ipc>');
  });
});
