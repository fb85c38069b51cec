// ncs.conf for local IPC over a Unix socket (NSO 6.4+) and for private SSH host keys.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { supportsLocalIpc } from '../../src/nso/local-ipc-versions.js';
import { renderNcsConf } from '../../src/render/ncs-conf.js';
import { instanceInput } from './ncs-conf-input.js';
import { elementsAt } from './xml-read.js';
import { yanglint, yanglintSkipReason } from './yanglint.js';

const TEMPLATE = readFileSync(new URL('../../templates/ncs.conf.xml', import.meta.url), 'utf8');
const MINIMAL =
  '<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">\n  <state-dir>./state</state-dir>\n</ncs-config>\n';
const SOCKET = '/tmp/nso-multi-x/one/ipc.sock';
const unix = instanceInput({
  ipc: { address: '127.0.0.1', port: null },
  accessCheck: { enabled: false, filename: '' },
  localIpc: { path: SOCKET },
});
const text = (xml: string, path: string) => elementsAt(xml, path).map((e) => e.textContent);
// The 6.2 schema has no ncs-local-ipc: validate the rest of the file without it.
const withoutLocalIpc = (xml: string) => xml.replace(/ *<ncs-local-ipc>[\s\S]*?<\/ncs-local-ipc>\n/, '');

describe('supportsLocalIpc', () => {
  it.each([
    ['6.4', true],
    ['6.4.1.2', true],
    ['6.7', true],
    ['7.0', true],
    ['6.3.9', false],
    ['6.2', false],
    ['6.10', true],
    ['junk', false],
  ])('%s → %s', (version, expected) => {
    expect(supportsLocalIpc(version)).toBe(expected);
  });
});

describe('renderNcsConf with local IPC on a Unix socket', () => {
  it('switches ncs-local-ipc on at the socket path', () => {
    const out = renderNcsConf(TEMPLATE, unix);
    expect(text(out, 'ncs-local-ipc/enabled')).toEqual(['true']);
    expect(text(out, 'ncs-local-ipc/path')).toEqual([SOCKET]);
  });

  it("leaves the template's TCP IPC address alone (NSO ignores it with local IPC on)", () => {
    const out = renderNcsConf(TEMPLATE, unix);
    const tcp = renderNcsConf(TEMPLATE, instanceInput({ localIpc: 'disable' }));
    expect(text(out, 'ncs-ipc-address/port')).toEqual(text(TEMPLATE, 'ncs-ipc-address/port'));
    expect(text(tcp, 'ncs-ipc-address/port')).toEqual(['20010']);
  });

  it('switches an existing access check off', () => {
    const withCheck = renderNcsConf(TEMPLATE, instanceInput());
    expect(text(withCheck, 'ncs-ipc-access-check/enabled')).toEqual(['true']);
    expect(text(renderNcsConf(withCheck, unix), 'ncs-ipc-access-check/enabled')).toEqual(['false']);
  });

  it('is stable: rendering its own output again changes nothing', () => {
    const once = renderNcsConf(TEMPLATE, unix);
    expect(renderNcsConf(once, unix)).toBe(once);
  });

  it('refuses a socket path holding "${"', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal NSO would expand
    expect(() => renderNcsConf(TEMPLATE, { ...unix, localIpc: { path: '/tmp/${X}/s' } })).toThrow(
      /socket path/,
    );
  });
});

describe('renderNcsConf with private SSH host keys', () => {
  it("points aaa/ssh-server-key-dir at the instance's folder", () => {
    const out = renderNcsConf(TEMPLATE, instanceInput({ sshKeyDir: '/run/one/ssh' }));
    expect(text(out, 'aaa/ssh-server-key-dir')).toEqual(['/run/one/ssh']);
  });

  it('adds aaa to a template without it', () => {
    const out = renderNcsConf(MINIMAL, instanceInput({ sshKeyDir: '/run/one/ssh' }));
    expect(text(out, 'aaa/ssh-server-key-dir')).toEqual(['/run/one/ssh']);
  });

  it("keeps the template's shared key folder when no folder is given", () => {
    const out = renderNcsConf(TEMPLATE, instanceInput());
    expect(text(out, 'aaa/ssh-server-key-dir')).toEqual(text(TEMPLATE, 'aaa/ssh-server-key-dir'));
  });
});

const skipReason = yanglintSkipReason();
describe.skipIf(skipReason !== null)(
  `local IPC and key folder validate against NSO's schema${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it.each([
      ['the bundled template', TEMPLATE],
      ['a minimal template', MINIMAL],
    ])('%s, rendered for a Unix socket and private keys', (_what, template) => {
      const out = renderNcsConf(template, { ...unix, sshKeyDir: '/run/one/ssh' });
      expect(elementsAt(out, 'ncs-local-ipc')).toHaveLength(1);
      const rest = withoutLocalIpc(out);
      expect(rest).not.toContain('<ncs-local-ipc');
      const result = yanglint(rest);
      expect(result.ok, result.output).toBe(true);
    });
  },
);
