import { describe, expect, it } from 'vitest';
import { isNsoMultiError } from '../../src/errors.js';
import type { AdditionalListenInput } from '../../src/render/additional-listeners-render.js';
import { scanAdditionalListeners } from '../../src/render/additional-listeners-scan.js';
import { renderNcsConf } from '../../src/render/ncs-conf.js';
import { instanceInput } from './ncs-conf-input.js';
import { yanglint, yanglintSkipReason } from './yanglint.js';

// cli/ssh with two extra-listen entries (a wildcard and an explicit ::1), a Web UI with an ha-primary-listen
// entry, and an ha block (off) whose extra-listen entry nobody binds.
const TEMPLATE = `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">
  <state-dir>./state</state-dir>
  <cli>
    <enabled>true</enabled>
    <ssh>
      <enabled>true</enabled>
      <port>2024</port>
      <!-- the management VLAN -->
      <extra-listen>
        <ip>0.0.0.0</ip>
        <port>2025</port> <!-- as in the runbook -->
      </extra-listen>
      <extra-listen><ip>::1</ip><port>2026</port></extra-listen>
    </ssh>
  </cli>
  <webui>
    <enabled>true</enabled>
    <transport>
      <tcp>
        <enabled>true</enabled>
        <ip>127.0.0.1</ip>
        <port>8080</port>
        <ha-primary-listen>
          <ip>127.0.0.1</ip>
          <port>8090</port>
        </ha-primary-listen>
      </tcp>
    </transport>
  </webui>
  <ha>
    <enabled>false</enabled>
    <extra-listen><ip>0.0.0.0</ip><port>4571</port></extra-listen>
  </ha>
</ncs-config>
`;

const ENTRIES: AdditionalListenInput[] = [
  {
    id: 'cliSsh.extraListen.1',
    parent: 'cliSsh',
    kind: 'extraListen',
    index: 1,
    address: '::1',
    port: 16413,
  },
  {
    id: 'cliSsh.extraListen.2',
    parent: 'cliSsh',
    kind: 'extraListen',
    index: 2,
    address: '::1',
    port: 16414,
  },
  {
    id: 'webuiTcp.haPrimaryListen.1',
    parent: 'webuiTcp',
    kind: 'haPrimaryListen',
    index: 1,
    address: '127.0.0.1',
    port: 16415,
  },
];

const render = (entries: readonly AdditionalListenInput[] = ENTRIES) =>
  renderNcsConf(
    TEMPLATE,
    instanceInput({
      templateListeners: { webuiTcp: { enabled: true, address: '127.0.0.1', port: 16404 } },
      additionalListen: entries,
    }),
    't.xml',
  );

describe('rendering extra-listen and ha-primary-listen entries', () => {
  it('sets each entry’s port in place, replaces the wildcard, keeps comments and layout', () => {
    const out = render();
    expect(out).toContain(`      <!-- the management VLAN -->
      <extra-listen>
        <ip>::1</ip>
        <port>16413</port> <!-- as in the runbook -->
      </extra-listen>
      <extra-listen><ip>::1</ip><port>16414</port></extra-listen>`);
    expect(out).toContain(`        <ha-primary-listen>
          <ip>127.0.0.1</ip>
          <port>16415</port>
        </ha-primary-listen>`);
    // The entry under the disabled HA block is not an instance's listener: left as the template has it.
    expect(out).toContain('<extra-listen><ip>0.0.0.0</ip><port>4571</port></extra-listen>');
  });

  it('renders the same text again from the same template and plan, and the scan reads the same entries back', () => {
    const out = render();
    expect(render()).toBe(out);
    const { entries } = scanAdditionalListeners(out, 'out.xml');
    expect(entries.map((e) => `${e.parent}.${e.kind}.${e.index} ${e.ip}`)).toEqual([
      'cliSsh.extraListen.1 ::1',
      'cliSsh.extraListen.2 ::1',
      'webuiTcp.haPrimaryListen.1 127.0.0.1',
      'ha.extraListen.1 0.0.0.0',
    ]);
  });

  it('refuses an entry the template does not have (the template changed under the render)', () => {
    let error: unknown;
    try {
      render([{ ...ENTRIES[0]!, id: 'cliSsh.extraListen.3', index: 3 }]);
    } catch (caught) {
      error = caught;
    }
    expect(isNsoMultiError(error) && error.code).toBe('TEMPLATE_INVALID');
    expect(String(error)).toContain('cliSsh.extraListen.3');
  });

  const skipReason = yanglintSkipReason();
  it.skipIf(skipReason !== null)(
    `the rendered file is valid ncs.conf${skipReason ? ` (skipped: ${skipReason})` : ''}`,
    () => {
      const result = yanglint(render());
      expect(result.ok, result.output).toBe(true);
    },
  );
});
