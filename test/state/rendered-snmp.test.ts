import { describe, expect, it } from 'vitest';
import { renderSnmpInit } from '../../src/render/snmp-init.js';
import { readRenderedConf } from '../../src/state/rendered-listeners.js';

const conf = (dirs: string[]) =>
  `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config"><load-path>${dirs
    .map((d) => `<dir>${d}</dir>`)
    .join('')}</load-path></ncs-config>`;
const init = { text: renderSnmpInit({ address: '::1', port: 14046, instance: 'a' }), file: 'snmp_init.xml' };

describe('reading SNMP back from a rendered run dir', () => {
  it('takes address and port from snmp_init.xml when the load path has the SNMP dir', () => {
    expect(readRenderedConf(conf(['./packages', './snmp']), 'ncs.conf', init).listeners.snmp).toEqual({
      enabled: true,
      address: '::1',
      port: 14046,
    });
  });

  it('reports SNMP off without the file, or when the load path has no SNMP dir', () => {
    const off = { enabled: false, address: undefined, port: undefined };
    expect(readRenderedConf(conf(['./snmp']), 'ncs.conf').listeners.snmp).toEqual(off);
    expect(readRenderedConf(conf(['./packages']), 'ncs.conf', init).listeners.snmp).toEqual(off);
  });
});
