import { describe, expect, it } from 'vitest';
import { parseNcsConf } from '../../src/sim/ncs-conf.js';

const conf = (body: string) =>
  `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">${body}</ncs-config>`;
const raft = (listen: string, enabled = 'true') =>
  `<ha-raft><enabled>${enabled}</enabled><listen>${listen}</listen></ha-raft>`;
const haRaft = (body: string, version?: string) =>
  parseNcsConf(conf(body), {
    file: '/r/ncs.conf',
    runDir: '/r',
    env: version === undefined ? {} : { NSO_MULTI_SIM_VERSION: version },
  }).listeners.filter((l) => l.key === 'haRaft');

describe('the simulator reads HA Raft', () => {
  it('binds min-port on the host of the node address, as a 6.2 NSO given a one-port range', () => {
    const listen =
      '<node-address>n_one@127.0.0.1</node-address><min-port>15301</min-port><max-port>15301</max-port>';
    expect(haRaft(raft(listen))).toEqual([
      { key: 'haRaft', label: 'HA Raft', endpoint: { host: '127.0.0.1', port: 15301 } },
    ]);
  });

  it('binds `port` when it pretends to be 6.7, and falls back to each version’s default', () => {
    const listen = '<node-address>n_one@::1</node-address><port>15302</port>';
    expect(haRaft(raft(listen), '6.7.1')[0]?.endpoint).toEqual({ host: '::1', port: 15302 });
    const bare = raft('<node-address>127.0.0.1</node-address>');
    expect(haRaft(bare, '6.7')[0]?.endpoint).toEqual({ host: '127.0.0.1', port: 4570 });
    expect(haRaft(bare)[0]?.endpoint).toEqual({ host: '127.0.0.1', port: 4370 });
  });

  it('binds nothing while ha-raft is absent or not enabled', () => {
    expect(haRaft('<state-dir>./state</state-dir>')).toEqual([]);
    expect(haRaft(raft('<node-address>n@127.0.0.1</node-address>', 'false'))).toEqual([]);
    expect(haRaft('<ha-raft><listen><node-address>n@127.0.0.1</node-address></listen></ha-raft>')).toEqual(
      [],
    );
  });

  it('refuses what NSO refuses: a wildcard, a missing node address, the other version’s listen form', () => {
    expect(() => haRaft(raft('<node-address>n@0.0.0.0</node-address>'))).toThrow(/wildcard/);
    expect(() => haRaft(raft(''))).toThrow(/ha-raft\/listen\/node-address is mandatory/);
    const v67 = '<node-address>n@127.0.0.1</node-address><port>15303</port>';
    expect(() => haRaft(raft(v67))).toThrow(/ha-raft\/listen\/port: unknown in NSO 6\.2/);
    const v62 = '<node-address>n@127.0.0.1</node-address><min-port>15303</min-port>';
    expect(() => haRaft(raft(v62), '6.7')).toThrow(/ha-raft\/listen\/min-port: unknown in NSO 6\.7/);
    expect(() => haRaft(raft('<node-address>n@127.0.0.1</node-address><max-port>x</max-port>'))).toThrow(
      /max-port: "x" is not a port number/,
    );
  });
});
