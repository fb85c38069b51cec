import type { Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { SNMP_AGENT_NS } from '../../src/nso/snmp.js';
import { readSnmpAgent } from '../../src/render/snmp-agent-read.js';
import { type DerivedSnmpInit, deriveSnmpInit } from '../../src/render/snmp-init-derive.js';
import { parseSnmpAgent } from '../../src/sim/snmp-agent.js';
import { parseStrict } from './xml-read.js';

const FILE = '/opt/nso/etc/ncs/snmp/snmp_init.xml';
const AGENT_NS = SNMP_AGENT_NS;

// An installation's file as an admin may have customised it: comments, odd quoting and spacing, engine ID,
// communities and a v3 user, all of which must come through unchanged.
const INSTALL = `<?xml version='1.0' encoding="UTF-8"?>
<!-- Site SNMP defaults: engine ID and communities changed as NSO's docs ask. -->
<config xmlns="http://tail-f.com/ns/config/1.0">
  <snmp xmlns="${AGENT_NS}">
    <agent>
      <enabled>true</enabled>
      <!-- all interfaces -->
      <ip>0.0.0.0</ip>
      <udp-port> 4000 </udp-port>
      <extra-listen><ip>10.0.0.1</ip><udp-port>4001</udp-port></extra-listen>
      <version><v1/><v2c/><v3/></version>
      <engine-id><enterprise-number>32473</enterprise-number><from-text>site-a</from-text></engine-id>
      <max-message-size>50000</max-message-size>
    </agent>
    <system><contact>noc@example.com</contact></system>
  </snmp>
  <SNMP-COMMUNITY-MIB xmlns="http://tail-f.com/ns/mibs/SNMP-COMMUNITY-MIB/200308060000Z">
    <snmpCommunityTable>
      <snmpCommunityEntry>
        <snmpCommunityIndex>site-ro</snmpCommunityIndex>
        <snmpCommunityName>s3cr&amp;t</snmpCommunityName>
        <snmpCommunitySecurityName>site-ro</snmpCommunitySecurityName>
      </snmpCommunityEntry>
    </snmpCommunityTable>
  </SNMP-COMMUNITY-MIB>
  <SNMP-USER-BASED-SM-MIB xmlns="http://tail-f.com/ns/mibs/SNMP-USER-BASED-SM-MIB/200210160000Z">
    <usmUserTable><usmUserEntry><usmUserName>ops</usmUserName></usmUserEntry></usmUserTable>
  </SNMP-USER-BASED-SM-MIB>
</config>
`;

function derivedText(result: DerivedSnmpInit): string {
  if (!result.derived) throw new Error(`expected a derived file, got: ${result.reason}`);
  return result.text;
}

const wrap = (agent: string, snmpAttrs = `xmlns="${AGENT_NS}"`) =>
  `<config xmlns="http://tail-f.com/ns/config/1.0">\n  <snmp ${snmpAttrs}>\n${agent}\n  </snmp>\n</config>\n`;

describe('deriveSnmpInit', () => {
  it("keeps every byte of the installation's file except the agent's enabled, ip and udp-port", () => {
    const result = deriveSnmpInit(INSTALL, { address: '127.0.0.1', port: 14506 }, FILE);
    const expected = INSTALL.replace('<ip>0.0.0.0</ip>', '<ip>127.0.0.1</ip>').replace(
      '<udp-port> 4000 </udp-port>',
      '<udp-port>14506</udp-port>',
    );
    expect(derivedText(result)).toBe(expected);
    const snmp = parseStrict(derivedText(result)).getElementsByTagNameNS(AGENT_NS, 'snmp')[0];
    expect(snmp).toBeDefined();
  });

  it("reads back as the instance's agent in the renderer and in the simulator", () => {
    const text = derivedText(deriveSnmpInit(INSTALL, { address: '::1', port: 14516 }, FILE));
    expect(readSnmpAgent(text, FILE)).toEqual({ enabled: true, address: '::1', port: 14516 });
    expect(parseSnmpAgent(text, FILE)?.endpoint).toEqual({ host: '::1', port: 14516 });
  });

  it('adds a missing ip and udp-port after enabled, indented like their siblings, in the agent namespace', () => {
    const install = wrap(
      '    <agent>\n      <enabled>true</enabled>\n      <max-message-size>50000</max-message-size>\n    </agent>',
    );
    const text = derivedText(deriveSnmpInit(install, { address: '127.0.0.1', port: 14526 }, FILE));
    expect(text).toBe(
      wrap(
        '    <agent>\n      <enabled>true</enabled>\n      <ip>127.0.0.1</ip>\n      <udp-port>14526</udp-port>\n' +
          '      <max-message-size>50000</max-message-size>\n    </agent>',
      ),
    );
    const agent = parseStrict(text).getElementsByTagNameNS(AGENT_NS, 'agent')[0] as Element;
    expect(agent.getElementsByTagNameNS(AGENT_NS, 'udp-port')[0]?.textContent).toBe('14526');
  });

  it('uses the prefix of a prefixed agent for the leaves it adds', () => {
    const install =
      `<config xmlns="http://tail-f.com/ns/config/1.0">\n  <s:snmp xmlns:s="${AGENT_NS}">\n` +
      '    <s:agent>\n      <s:enabled>true</s:enabled>\n    </s:agent>\n  </s:snmp>\n</config>\n';
    const text = derivedText(deriveSnmpInit(install, { address: '127.0.0.1', port: 14536 }, FILE));
    expect(text).toContain(
      '<s:enabled>true</s:enabled>\n      <s:ip>127.0.0.1</s:ip>\n      <s:udp-port>14536</s:udp-port>',
    );
    const added = parseStrict(text).getElementsByTagNameNS(AGENT_NS, 'ip')[0];
    expect(added?.textContent).toBe('127.0.0.1');
  });

  it("works on NSO's own form: <snmp> as the root element, no <config> around it", () => {
    const install = `<!-- site defaults -->\n<snmp xmlns="${AGENT_NS}">\n  <agent>\n    <enabled>true</enabled>\n    <ip>0.0.0.0</ip>\n    <udp-port>4000</udp-port>\n  </agent>\n  <community><index>public</index></community>\n</snmp>\n`;
    const text = derivedText(deriveSnmpInit(install, { address: '127.0.0.1', port: 14506 }, FILE));
    expect(text).toBe(install.replace('0.0.0.0', '127.0.0.1').replace('4000', '14506'));
    expect(readSnmpAgent(text, FILE)).toEqual({ enabled: true, address: '127.0.0.1', port: 14506 });
    expect(parseSnmpAgent(text, FILE)?.endpoint).toEqual({ host: '127.0.0.1', port: 14506 });
  });

  it("falls back, naming the file, when <snmp> is not in NSO's SNMP namespace (NSO rejects it)", () => {
    for (const install of [
      '<config>\n  <snmp>\n    <agent>\n      <enabled>true</enabled>\n    </agent>\n  </snmp>\n</config>\n',
      wrap('    <agent><enabled>true</enabled></agent>', 'xmlns="http://tail-f.com/ns/snmp"'),
      '<snmp xmlns="urn:other"><agent><enabled>true</enabled></agent></snmp>',
    ]) {
      const result = deriveSnmpInit(install, { address: '127.0.0.1', port: 14506 }, FILE);
      expect(result.derived).toBe(false);
      expect(result.derived ? '' : result.reason).toContain(FILE);
    }
  });

  it('lays out an empty agent with the indentation the file uses', () => {
    const text = derivedText(
      deriveSnmpInit(wrap('    <agent/>'), { address: '127.0.0.1', port: 14546 }, FILE),
    );
    expect(text).toBe(
      wrap(
        '    <agent>\n      <enabled>true</enabled>\n      <ip>127.0.0.1</ip>\n' +
          '      <udp-port>14546</udp-port>\n    </agent>',
      ),
    );
  });

  it('keeps CRLF line ends, also in what it adds', () => {
    const install = wrap('    <agent>\n      <enabled>true</enabled>\n    </agent>').replace(/\n/g, '\r\n');
    const text = derivedText(deriveSnmpInit(install, { address: '127.0.0.1', port: 14556 }, FILE));
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text).toContain('<enabled>true</enabled>\r\n      <ip>127.0.0.1</ip>\r\n');
  });

  it("switches on an agent the installation's file leaves off (snmp: true asks for one)", () => {
    const install = wrap(
      '    <agent>\n      <enabled>false</enabled>\n      <udp-port>4000</udp-port>\n    </agent>',
    );
    const result = deriveSnmpInit(install, { address: '127.0.0.1', port: 14566 }, FILE);
    expect(derivedText(result)).toBe(
      install
        .replace('<enabled>false</enabled>', '<enabled>true</enabled>\n      <ip>127.0.0.1</ip>')
        .replace('<udp-port>4000</udp-port>', '<udp-port>14566</udp-port>'),
    );
    expect(readSnmpAgent(derivedText(result), FILE)).toEqual({
      enabled: true,
      address: '127.0.0.1',
      port: 14566,
    });
  });

  it('falls back, naming the file, when there is no agent under snmp', () => {
    for (const install of [
      wrap('    <system/>'),
      '<config xmlns="http://tail-f.com/ns/config/1.0"><other><agent/></other></config>',
    ]) {
      const result = deriveSnmpInit(install, { address: '127.0.0.1', port: 14576 }, FILE);
      expect(result.derived).toBe(false);
      expect(result.derived ? '' : result.reason).toContain(FILE);
    }
  });

  it('falls back, naming the file and the position, when the file is not well-formed XML', () => {
    const result = deriveSnmpInit(
      wrap('    <agent><ip>0.0.0.0</agent>'),
      { address: '::1', port: 14586 },
      FILE,
    );
    expect(result.derived).toBe(false);
    expect(result.derived ? '' : result.reason).toMatch(new RegExp(`^${FILE}:\\d+`));
  });

  it('falls back when the agent repeats ip or udp-port', () => {
    const install = wrap('    <agent><ip>0.0.0.0</ip><ip>::</ip></agent>');
    const result = deriveSnmpInit(install, { address: '127.0.0.1', port: 14596 }, FILE);
    expect(result).toEqual({ derived: false, reason: `${FILE}: <agent> has more than one <ip>` });
  });
});
