// The simulator reads extra-listen / ha-primary-listen entries and extra IPC addresses as NSO binds them.
import { describe, expect, it } from 'vitest';
import { NsoMultiError } from '../../src/errors.js';
import { parseNcsConf } from '../../src/sim/ncs-conf.js';
import { formatEndpoint } from '../../src/sim/sim-config.js';

const NS = 'http://tail-f.com/yang/tailf-ncs-config';
const options = { file: '/run/a/ncs.conf', runDir: '/run/a', env: {} };
const entry = (list: string, ip: string, port: number) =>
  `<${list}><ip>${ip}</ip><port>${port}</port></${list}>`;

function listeners(body: string): string[] {
  const config = parseNcsConf(`<ncs-config xmlns="${NS}">${body}</ncs-config>`, options);
  return config.listeners.map((l) => `${l.key} | ${l.label} ${formatEndpoint(l.endpoint)}`);
}

describe('parseNcsConf with additional listeners', () => {
  it('binds every entry of an enabled listener, ha-primary-listen included (no HA roles here)', () => {
    const cli = `<cli><ssh><ip>127.0.0.1</ip><port>16613</port>${entry('extra-listen', '127.0.0.1', 16640)}${entry('extra-listen', '::1', 16641)}${entry('ha-primary-listen', '127.0.0.1', 16642)}</ssh></cli>`;
    const web = `<webui><enabled>true</enabled><transport><tcp><ip>127.0.0.1</ip><port>16614</port>${entry('ha-primary-listen', '::1', 16643)}</tcp></transport></webui>`;
    expect(
      listeners(`<netconf-north-bound><enabled>false</enabled></netconf-north-bound>${cli}${web}`),
    ).toEqual([
      'ipc | IPC 127.0.0.1:4569',
      'cliSsh | CLI SSH 127.0.0.1:16613',
      'webuiTcp | Web UI TCP 127.0.0.1:16614',
      'cliSsh | CLI SSH extra-listen 1 127.0.0.1:16640',
      'cliSsh | CLI SSH extra-listen 2 ::1:16641',
      'cliSsh | CLI SSH ha-primary-listen 1 127.0.0.1:16642',
      'webuiTcp | Web UI TCP ha-primary-listen 1 ::1:16643',
    ]);
  });

  it('ignores the entries of a listener that is off', () => {
    const body = `<cli><ssh><enabled>false</enabled>${entry('extra-listen', '127.0.0.1', 16650)}</ssh></cli><ha>${entry('extra-listen', '127.0.0.1', 16651)}</ha>`;
    expect(listeners(body).some((l) => l.includes('extra-listen'))).toBe(false);
  });

  it('binds the IPC port on each ncs-ipc-extra-listen-ip address as well', () => {
    const body =
      '<ncs-ipc-address><port>16610</port></ncs-ipc-address><ncs-ipc-extra-listen-ip>::1</ncs-ipc-extra-listen-ip>';
    expect(listeners(body)).toContain('ipc | IPC extra ip 1 ::1:16610');
  });

  it('rejects an entry without a port, as NSO does (ip and port are the keys)', () => {
    const body = '<cli><ssh><extra-listen><ip>127.0.0.1</ip></extra-listen></ssh></cli>';
    expect(() => listeners(body)).toThrow(NsoMultiError);
    expect(() => listeners(body)).toThrow(/cli\/ssh\/extra-listen: an entry has no port/);
  });
});
