import { describe, expect, it } from 'vitest';
import { parseNcsConf } from '../../src/sim/ncs-conf.js';

const conf = (body: string) =>
  `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">${body}</ncs-config>`;
const templateListeners = (body: string) =>
  parseNcsConf(conf(body), { file: '/r/ncs.conf', runDir: '/r', env: {} })
    .listeners.filter((l) => !['ipc', 'netconfSsh', 'netconfTcp', 'cliSsh'].includes(l.key))
    .map((l) => ({ key: l.key, endpoint: l.endpoint }));

describe('the simulator reads the template listeners', () => {
  it('binds nothing more for a file without them', () => {
    expect(templateListeners('<state-dir>./state</state-dir>')).toEqual([]);
  });

  it('opens the Web UI TCP transport by default, with NSO defaults where the file gives no ip or port', () => {
    expect(templateListeners('<webui><enabled>true</enabled><transport><tcp/></transport></webui>')).toEqual([
      { key: 'webuiTcp', endpoint: { host: '0.0.0.0', port: 8008 } },
    ]);
  });

  it('opens what render writes: RESTCONF SSL, HA and call-home at their ip and port', () => {
    const body =
      '<restconf><enabled>true</enabled><transport><ssl><enabled>true</enabled><ip>127.0.0.1</ip><port>17918</port></ssl></transport></restconf>' +
      '<netconf-call-home><enabled>true</enabled><transport><tcp><ip>::1</ip><port>17940</port></tcp></transport></netconf-call-home>' +
      '<ha><enabled>true</enabled><ip>127.0.0.1</ip><port>17919</port></ha>';
    expect(templateListeners(body)).toEqual([
      { key: 'restconfSsl', endpoint: { host: '127.0.0.1', port: 17918 } },
      { key: 'ha', endpoint: { host: '127.0.0.1', port: 17919 } },
      { key: 'callHome', endpoint: { host: '::1', port: 17940 } },
    ]);
  });

  it('rejects a bad value even in a listener that is off, as NSO does', () => {
    expect(() => templateListeners('<ha><enabled>false</enabled><port>http</port></ha>')).toThrow(
      /\/ncs-config\/ha\/port/,
    );
  });
});
