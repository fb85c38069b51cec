import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/thrown.js';
import { isNsoMultiError } from '../errors.js';
import { scanAdditionalListeners } from './additional-listeners-scan.js';

const conf = (body: string) =>
  `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">${body}</ncs-config>`;
const entry = (ip: string, port = 1) => `<extra-listen><ip>${ip}</ip><port>${port}</port></extra-listen>`;
const primary = (ip: string, port = 1) =>
  `<ha-primary-listen><ip>${ip}</ip><port>${port}</port></ha-primary-listen>`;

describe('scanAdditionalListeners', () => {
  it('numbers the entries of each list of each listener from 1, in template order', () => {
    const xml = conf(
      `<cli><ssh>${entry('127.0.0.1')}${primary('::1')}${entry('::1')}</ssh></cli>` +
        `<webui><transport><ssl>${primary('0.0.0.0')}</ssl></transport></webui>` +
        `<ha>${entry('127.0.0.2')}</ha>`,
    );
    expect(scanAdditionalListeners(xml, 't.xml').entries).toEqual([
      { parent: 'cliSsh', kind: 'extraListen', index: 1, ip: '127.0.0.1', port: 1 },
      { parent: 'cliSsh', kind: 'extraListen', index: 2, ip: '::1', port: 1 },
      { parent: 'cliSsh', kind: 'haPrimaryListen', index: 1, ip: '::1', port: 1 },
      { parent: 'webuiSsl', kind: 'haPrimaryListen', index: 1, ip: '0.0.0.0', port: 1 },
      { parent: 'ha', kind: 'extraListen', index: 1, ip: '127.0.0.2', port: 1 },
    ]);
  });

  it('finds the lists under NETCONF, RESTCONF and call-home too, whatever their switches say', () => {
    const xml = conf(
      `<netconf-north-bound><enabled>false</enabled><transport><tcp>${entry('127.0.0.1')}</tcp></transport></netconf-north-bound>` +
        `<restconf><transport><tcp>${primary('127.0.0.1')}</tcp></transport></restconf>` +
        `<netconf-call-home><transport><tcp>${entry('127.0.0.1')}</tcp></transport></netconf-call-home>`,
    );
    expect(
      scanAdditionalListeners(xml, 't.xml').entries.map((e) => `${e.parent}.${e.kind}.${e.index}`),
    ).toEqual(['netconfTcp.extraListen.1', 'restconfTcp.haPrimaryListen.1', 'callHome.extraListen.1']);
  });

  it('reads ncs-ipc-extra-listen-ip in order, and nothing from a template without lists', () => {
    const xml = conf(
      '<ncs-ipc-extra-listen-ip> ::1 </ncs-ipc-extra-listen-ip><ncs-ipc-extra-listen-ip>127.0.0.2</ncs-ipc-extra-listen-ip>',
    );
    expect(scanAdditionalListeners(xml, 't.xml')).toEqual({
      entries: [],
      ipcExtraAddresses: ['::1', '127.0.0.2'],
    });
    expect(scanAdditionalListeners(conf('<state-dir>./s</state-dir>'), 't.xml')).toEqual({
      entries: [],
      ipcExtraAddresses: [],
    });
  });

  it('refuses an entry without an ip, and one whose ip is not a literal address, naming the place', () => {
    const missing = thrown(() =>
      scanAdditionalListeners(
        conf('<cli><ssh><extra-listen><port>1</port></extra-listen></ssh></cli>'),
        't.xml',
      ),
    );
    expect(isNsoMultiError(missing) && missing.code).toBe('TEMPLATE_INVALID');
    expect(String(missing)).toContain('/ncs-config/cli/ssh/extra-listen entry 1 has no <ip>');
    const variable = thrown(() =>
      scanAdditionalListeners(conf(`<cli><ssh>${entry(['$', '{ADMIN_IP}'].join(''))}</ssh></cli>`), 't.xml'),
    );
    expect(isNsoMultiError(variable) && variable.code).toBe('TEMPLATE_INVALID');
    expect(String(variable)).toContain('not a literal IP address');
  });
});
