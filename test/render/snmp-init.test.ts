import { describe, expect, it } from 'vitest';
import { NsoMultiError } from '../../src/errors.js';
import { CDB_CONFIG_NS, SNMP_AGENT_NS } from '../../src/nso/snmp.js';
import { readSnmpAgent } from '../../src/render/snmp-agent-read.js';
import { renderSnmpInit } from '../../src/render/snmp-init.js';
import { parseSnmpAgent } from '../../src/sim/snmp-agent.js';
import { parseStrict } from './xml-read.js';

describe('renderSnmpInit', () => {
  it("writes NSO's own form (<snmp> in NSO's SNMP namespace as the root) with the agent on the address and port", () => {
    const xml = renderSnmpInit({ address: '127.0.0.1', port: 14006, instance: 'nso1' });
    const root = parseStrict(xml);
    expect(root.localName).toBe('snmp');
    expect(root.namespaceURI).toBe('http://tailf.com/ns/snmp');
    expect(readSnmpAgent(xml, 'snmp_init.xml')).toEqual({ enabled: true, address: '127.0.0.1', port: 14006 });
  });

  it('reads back the same way in the simulator, for IPv6 addresses too', () => {
    const xml = renderSnmpInit({ address: '::1', port: 14016, instance: 'nso2' });
    expect(parseSnmpAgent(xml, 'snmp_init.xml')).toEqual({
      key: 'snmp',
      label: 'SNMP',
      endpoint: { host: '::1', port: 14016 },
      protocol: 'udp',
    });
  });

  it('keeps an instance name with "--" from ending the header comment', () => {
    const xml = renderSnmpInit({ address: '127.0.0.1', port: 14026, instance: 'a--b' });
    expect(() => parseStrict(xml)).not.toThrow();
    expect(xml).not.toContain('a--b');
  });

  it('refuses a port that is not a UDP port number', () => {
    for (const port of [0, 65536, 1.5]) {
      expect(() => renderSnmpInit({ address: '127.0.0.1', port, instance: 'x' })).toThrow(NsoMultiError);
    }
  });
});

describe('reading an snmp_init.xml agent', () => {
  it('reports a disabled agent as disabled, in the renderer and in the simulator', () => {
    const xml = `<config xmlns="${CDB_CONFIG_NS}"><snmp xmlns="${SNMP_AGENT_NS}"><agent>
      <enabled>false</enabled><ip>127.0.0.1</ip><udp-port>14036</udp-port></agent></snmp></config>`;
    expect(readSnmpAgent(xml, 'f')?.enabled).toBe(false);
    expect(parseSnmpAgent(xml, 'f')).toBeNull();
  });

  it('accepts <snmp> as the root or under a <config> root, as NSO 6.2.5 does, and nothing else', () => {
    const agent = '<agent><enabled>true</enabled><ip>127.0.0.1</ip><udp-port>14046</udp-port></agent>';
    for (const xml of [
      `<snmp xmlns="${SNMP_AGENT_NS}">${agent}</snmp>`,
      `<config xmlns="${CDB_CONFIG_NS}"><snmp xmlns="${SNMP_AGENT_NS}">${agent}</snmp></config>`,
      `<config><snmp xmlns="${SNMP_AGENT_NS}">${agent}</snmp></config>`,
    ]) {
      expect(readSnmpAgent(xml, 'f')).toEqual({ enabled: true, address: '127.0.0.1', port: 14046 });
      expect(parseSnmpAgent(xml, 'f')?.endpoint).toEqual({ host: '127.0.0.1', port: 14046 });
    }
    // Measured: NSO 6.2.5 logs "unknown namespace" for each and starts without an agent.
    for (const xml of [
      `<config xmlns="${CDB_CONFIG_NS}"><snmp xmlns="http://tail-f.com/ns/snmp">${agent}</snmp></config>`,
      `<snmp>${agent}</snmp>`,
      `<whatever xmlns="urn:x"><snmp xmlns="${SNMP_AGENT_NS}">${agent}</snmp></whatever>`,
    ]) {
      expect(readSnmpAgent(xml, 'f')).toBeNull();
      expect(parseSnmpAgent(xml, 'f')).toBeNull();
    }
  });

  it('has no agent in a file without one', () => {
    const xml = `<config xmlns="${CDB_CONFIG_NS}"/>`;
    expect(readSnmpAgent(xml, 'f')).toBeNull();
    expect(parseSnmpAgent(xml, 'f')).toBeNull();
  });

  it('makes the simulator refuse a bad port as a bad configuration (exit 21)', () => {
    const xml = `<config xmlns="${CDB_CONFIG_NS}"><snmp xmlns="${SNMP_AGENT_NS}"><agent><enabled>true</enabled>
      <ip>127.0.0.1</ip><udp-port>70000</udp-port></agent></snmp></config>`;
    expect(() => parseSnmpAgent(xml, 'f')).toThrow(expect.objectContaining({ exitCode: 21 }));
  });
});
