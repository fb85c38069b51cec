import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderNcsConf } from '../../src/render/ncs-conf.js';
import { isSnmpDir, OWN_SNMP_DIR } from '../../src/render/snmp-load-path.js';
import { instanceInput } from './ncs-conf-input.js';
import { elementsAt } from './xml-read.js';
import { yanglint, yanglintSkipReason } from './yanglint.js';

// biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${NCS_DIR}, as NSO reads it
const NCS_DIR = '${NCS_DIR}';
const BUNDLED = readFileSync(new URL('../../templates/ncs.conf.xml', import.meta.url), 'utf8');

// What ncs-setup writes: the shared SNMP folder between other dirs, with comments around.
const SHARED = `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">
  <!-- Where to look for .fxs and snmp .bin files -->
  <load-path>
    <dir>./packages</dir>
    <dir>${NCS_DIR}/etc/ncs</dir>
    <!-- To disable northbound snmp just remove the snmp dir -->
    <dir>${NCS_DIR}/etc/ncs/snmp</dir>
    <dir>${NCS_DIR}/src/ncs/yang</dir>
  </load-path>
  <state-dir>./state</state-dir>
</ncs-config>
`;

const dirs = (xml: string) => elementsAt(xml, 'load-path/dir').map((d) => d.textContent);

describe('the SNMP dir of the load path', () => {
  it('tells SNMP folders from others', () => {
    for (const dir of [`${NCS_DIR}/etc/ncs/snmp`, './snmp', './snmp/', ' /opt/ncs/etc/ncs/snmp\n', 'snmp']) {
      expect(isSnmpDir(dir)).toBe(true);
    }
    for (const dir of [`${NCS_DIR}/etc/ncs`, './snmp-mibs', '/x/mysnmp', './snmp/mibs']) {
      expect(isSnmpDir(dir)).toBe(false);
    }
  });

  it('puts the own dir just before the shared one (its snmp_init.xml wins, the schema stays), keeping the rest', () => {
    const xml = renderNcsConf(SHARED, instanceInput({ snmpDir: OWN_SNMP_DIR }));
    expect(dirs(xml)).toEqual([
      './packages',
      `${NCS_DIR}/etc/ncs`,
      './snmp',
      `${NCS_DIR}/etc/ncs/snmp`,
      `${NCS_DIR}/src/ncs/yang`,
    ]);
    expect(xml).toContain('<!-- To disable northbound snmp just remove the snmp dir -->');
    expect(xml).toContain(`    <dir>./snmp</dir>\n    <dir>${NCS_DIR}/etc/ncs/snmp</dir>\n    <dir>`);
  });

  it('drops the shared dir when SNMP is off, and only it', () => {
    const xml = renderNcsConf(SHARED, instanceInput({ snmpDir: null }));
    expect(dirs(xml)).toEqual(['./packages', `${NCS_DIR}/etc/ncs`, `${NCS_DIR}/src/ncs/yang`]);
    expect(xml).toContain('<!-- Where to look for .fxs and snmp .bin files -->');
    expect(xml).not.toMatch(/\n\s*\n\s*<dir>/);
  });

  it("adds the own dir and then the installation's SNMP dir at the end of a load path without an SNMP dir", () => {
    const xml = renderNcsConf(BUNDLED, instanceInput({ snmpDir: OWN_SNMP_DIR }));
    expect(dirs(xml)).toEqual(['./packages', `${NCS_DIR}/etc/ncs`, './snmp', `${NCS_DIR}/etc/ncs/snmp`]);
    expect(xml).toContain(
      `    <dir>${NCS_DIR}/etc/ncs</dir>\n    <dir>./snmp</dir>\n    <dir>${NCS_DIR}/etc/ncs/snmp</dir>\n  </load-path>`,
    );
  });

  it('changes nothing with SNMP off when there is no SNMP dir', () => {
    expect(renderNcsConf(BUNDLED, instanceInput({ snmpDir: null }))).toBe(
      renderNcsConf(BUNDLED, instanceInput()),
    );
  });

  it('creates a load path when the template has none', () => {
    const bare =
      '<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">\n  <state-dir>./state</state-dir>\n</ncs-config>\n';
    const xml = renderNcsConf(bare, instanceInput({ snmpDir: OWN_SNMP_DIR }));
    expect(dirs(xml)).toEqual(['./snmp', `${NCS_DIR}/etc/ncs/snmp`]);
    expect(renderNcsConf(bare, instanceInput({ snmpDir: null }))).not.toContain('load-path');
  });

  it('puts the own dir before the first of two SNMP dirs and keeps both', () => {
    const twice = SHARED.replace('<dir>./packages</dir>', '<dir>/opt/mibs/snmp/</dir>');
    const xml = renderNcsConf(twice, instanceInput({ snmpDir: OWN_SNMP_DIR }));
    expect(dirs(xml)).toEqual([
      './snmp',
      '/opt/mibs/snmp/',
      `${NCS_DIR}/etc/ncs`,
      `${NCS_DIR}/etc/ncs/snmp`,
      `${NCS_DIR}/src/ncs/yang`,
    ]);
  });

  it('moves an own dir the template names already to its place, once', () => {
    const named = SHARED.replace(`<dir>${NCS_DIR}/src/ncs/yang</dir>`, '<dir>./snmp/</dir>');
    const xml = renderNcsConf(named, instanceInput({ snmpDir: OWN_SNMP_DIR }));
    expect(dirs(xml)).toEqual(['./packages', `${NCS_DIR}/etc/ncs`, './snmp', `${NCS_DIR}/etc/ncs/snmp`]);
  });

  const skipReason = yanglintSkipReason();
  describe.skipIf(skipReason !== null)(
    `is valid ncs.conf (yanglint)${skipReason ? `: ${skipReason}` : ''}`,
    () => {
      it('with SNMP on and off, from ncs-setup style and bundled templates', () => {
        for (const template of [SHARED, BUNDLED]) {
          for (const snmpDir of [OWN_SNMP_DIR, null]) {
            const result = yanglint(renderNcsConf(template, instanceInput({ snmpDir })));
            expect(result.output).not.toMatch(/error/i);
            expect(result.ok).toBe(true);
          }
        }
      });
    },
  );
});
