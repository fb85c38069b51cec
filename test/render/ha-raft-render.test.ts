import { describe, expect, it } from 'vitest';
import type { HaRaftInput } from '../../src/render/ha-raft-listen.js';
import { renderedClusterName, templateHaRaft } from '../../src/render/ha-raft-scan.js';
import type { NcsConfInput } from '../../src/render/ncs-conf.js';
import { renderNcsConf } from '../../src/render/ncs-conf.js';
import { templateListeners } from '../../src/render/template-listeners.js';
import { readRenderedConf } from '../../src/state/rendered-listeners.js';
import { instanceInput } from './ncs-conf-input.js';
import { elementsAt, leafAt } from './xml-read.js';
import { yanglint, yanglintSkipReason } from './yanglint.js';

const NS = 'xmlns="http://tail-f.com/yang/tailf-ncs-config"';
const MINIMAL = `<ncs-config ${NS}>\n  <state-dir>./state</state-dir>\n</ncs-config>\n`;
/** A hand-written HA Raft cluster node: seed nodes elsewhere, a 6.7 `port` left in, TLS with relative files. */
const CLUSTER = `<ncs-config ${NS}>
  <state-dir>./state</state-dir>
  <!-- three nodes -->
  <ha-raft>
    <enabled>true</enabled>
    <cluster-name>sherwood</cluster-name>
    <listen>
      <node-address>ncsd@10.1.1.1</node-address>
      <port>4570</port>
    </listen>
    <seed-nodes>
      <!-- keep this comment -->
      <seed-node>ncsd@10.9.9.9</seed-node>
      <seed-node>ncsd@10.9.9.8</seed-node>
    </seed-nodes>
    <ssl>
      <key-file>certs/node.key</key-file>
      <cert-file>certs/node.crt</cert-file>
      <ca-cert-file>certs/ca.crt</ca-cert-file>
    </ssl>
    <tick-timeout>PT2S</tick-timeout>
  </ha-raft>
</ncs-config>
`;

const raft = (overrides: Partial<HaRaftInput> = {}): HaRaftInput => ({
  nodeAddress: 'nso_multi_lab_one@127.0.0.1',
  port: 15011,
  form: 'range',
  seeds: [
    { nodeAddress: 'nso_multi_lab_two@127.0.0.1', port: 15012 },
    { nodeAddress: 'nso_multi_lab_three@127.0.0.1', port: 15013 },
  ],
  clusterName: 'lab',
  ...overrides,
});
const on = (input: HaRaftInput): NcsConfInput =>
  instanceInput({
    templateListeners: { haRaft: { enabled: true, address: '127.0.0.1', port: input.port } },
    haRaft: input,
  });
const seedTexts = (xml: string) =>
  elementsAt(xml, 'ha-raft/seed-nodes/seed-node').map((e) => e.textContent?.trim());
const skipReason = yanglintSkipReason();

describe('scanning a template for HA Raft', () => {
  it('sees it on only when ha-raft/enabled is true (the leaf defaults to false)', () => {
    expect(templateListeners(CLUSTER, 't.xml').haRaft).toBe(true);
    expect(templateListeners(CLUSTER.replace('<enabled>true', '<enabled>false'), 't.xml').haRaft).toBe(false);
    expect(templateListeners(`<ncs-config ${NS}><ha-raft/></ncs-config>`, 't.xml').haRaft).toBe(false);
    expect(templateListeners(MINIMAL, 't.xml').haRaft).toBe(false);
  });

  it('reads the cluster name the file will carry: the template’s, else the project’s (render sets it)', () => {
    expect(renderedClusterName(templateHaRaft(CLUSTER, 't.xml'), 'lab')).toBe('sherwood');
    expect(renderedClusterName(templateHaRaft(MINIMAL, 't.xml'), 'lab')).toBe('lab');
    const nameless = `<ncs-config ${NS}><ha-raft><enabled>true</enabled></ha-raft></ncs-config>`;
    expect(renderedClusterName(templateHaRaft(nameless, 't.xml'), 'lab')).toBe('lab');
  });

  it('sees whether the template brings TLS of its own: an ssl element not switched off (enabled defaults to true)', () => {
    const ownTls = (xml: string) => {
      const scan = templateHaRaft(xml, 't.xml');
      return scan.present && scan.ownTls;
    };
    expect(ownTls(CLUSTER)).toBe(true);
    expect(ownTls(CLUSTER.replace('<ssl>', '<ssl><enabled>false</enabled>'))).toBe(false);
    expect(ownTls(`<ncs-config ${NS}><ha-raft><enabled>true</enabled></ha-raft></ncs-config>`)).toBe(false);
    expect(ownTls(MINIMAL)).toBe(false);
  });
});

describe('rendering HA Raft', () => {
  it('for 6.2–6.6 writes the node address and a one-port min/max range, dropping a 6.7 `port`', () => {
    const xml = renderNcsConf(CLUSTER, on(raft()));
    expect(leafAt(xml, 'ha-raft/listen/node-address')).toBe('nso_multi_lab_one@127.0.0.1');
    expect(leafAt(xml, 'ha-raft/listen/min-port')).toBe('15011');
    expect(leafAt(xml, 'ha-raft/listen/max-port')).toBe('15011');
    expect(leafAt(xml, 'ha-raft/listen/port')).toBeNull();
  });

  it('for 6.7 writes `port` alone and seed nodes as address and port entries', () => {
    const ranged = CLUSTER.replace('<port>4570</port>', '<min-port>4370</min-port><max-port>4399</max-port>');
    const xml = renderNcsConf(ranged, on(raft({ form: 'port' })));
    expect(leafAt(xml, 'ha-raft/listen/port')).toBe('15011');
    expect(leafAt(xml, 'ha-raft/listen/min-port')).toBeNull();
    expect(leafAt(xml, 'ha-raft/listen/max-port')).toBeNull();
    const seeds = elementsAt(xml, 'ha-raft/seed-nodes/seed-node');
    expect(seeds.map((s) => [leafAt(s.toString(), 'address'), leafAt(s.toString(), 'port')])).toEqual([
      ['nso_multi_lab_two@127.0.0.1', '15012'],
      ['nso_multi_lab_three@127.0.0.1', '15013'],
    ]);
  });

  it("replaces the template's seed nodes and keeps its comments, TLS files and other settings", () => {
    const xml = renderNcsConf(CLUSTER, on(raft()));
    expect(seedTexts(xml)).toEqual(['nso_multi_lab_two@127.0.0.1', 'nso_multi_lab_three@127.0.0.1']);
    expect(xml).toContain('<!-- keep this comment -->');
    expect(xml).toContain('<!-- three nodes -->');
    expect(leafAt(xml, 'ha-raft/cluster-name')).toBe('sherwood');
    expect(leafAt(xml, 'ha-raft/ssl/cert-file')).toBe('certs/node.crt');
    expect(leafAt(xml, 'ha-raft/ssl/enabled')).toBeNull();
    expect(leafAt(xml, 'ha-raft/tick-timeout')).toBe('PT2S');
    expect(xml).toMatch(
      /<seed-nodes>\n {6}<!-- keep this comment -->\n {6}<seed-node>nso_multi_lab_two@127\.0\.0\.1<\/seed-node>\n {6}<seed-node>nso_multi_lab_three@127\.0\.0\.1<\/seed-node>\n {4}<\/seed-nodes>/,
    );
  });

  it('empties the seed list of a node without peers, and renders the same text a second time', () => {
    const alone = renderNcsConf(CLUSTER, on(raft({ seeds: [] })));
    expect(seedTexts(alone)).toEqual([]);
    expect(elementsAt(alone, 'ha-raft/seed-nodes')).toHaveLength(1);
    const once = renderNcsConf(CLUSTER, on(raft()));
    expect(renderNcsConf(once, on(raft()))).toBe(once);
  });

  it('creates ha-raft when the template has none: cluster named after the project, TLS off, seed nodes', () => {
    const xml = renderNcsConf(MINIMAL, on(raft()));
    expect(leafAt(xml, 'ha-raft/enabled')).toBe('true');
    expect(leafAt(xml, 'ha-raft/cluster-name')).toBe('lab');
    expect(leafAt(xml, 'ha-raft/ssl/enabled')).toBe('false');
    expect(seedTexts(xml)).toHaveLength(2);
    // A created element without peers gets no empty seed-nodes container.
    expect(elementsAt(renderNcsConf(MINIMAL, on(raft({ seeds: [] }))), 'ha-raft/seed-nodes')).toEqual([]);
  });

  it("switches TLS on with the node's own files where the template has none or has it off", () => {
    const tls = {
      caCertFile: '/w/n1/ha-raft/ca.crt',
      certFile: '/w/n1/ha-raft/node.crt',
      keyFile: '/w/n1/ha-raft/node.key',
    };
    const off = CLUSTER.replace(/<ssl>[\s\S]*<\/ssl>/, '<ssl>\n      <enabled>false</enabled>\n    </ssl>');
    for (const template of [MINIMAL, off]) {
      const xml = renderNcsConf(template, on(raft({ tls })));
      expect(leafAt(xml, 'ha-raft/ssl/enabled')).toBe('true');
      expect(leafAt(xml, 'ha-raft/ssl/key-file')).toBe(tls.keyFile);
      expect(leafAt(xml, 'ha-raft/ssl/cert-file')).toBe(tls.certFile);
      expect(leafAt(xml, 'ha-raft/ssl/ca-cert-file')).toBe(tls.caCertFile);
      if (skipReason === null) expect(yanglint(xml).ok).toBe(true);
    }
    // A template that brings its own TLS keeps it, files and all.
    const own = renderNcsConf(CLUSTER, on(raft({ tls })));
    expect(leafAt(own, 'ha-raft/ssl/key-file')).toBe('certs/node.key');
    expect(leafAt(own, 'ha-raft/ssl/enabled')).toBeNull();
  });

  it('switches a template’s HA Raft off without touching the rest of it', () => {
    const off = instanceInput({
      templateListeners: { haRaft: { enabled: false, address: '127.0.0.1', port: null } },
    });
    const xml = renderNcsConf(CLUSTER, off);
    expect(leafAt(xml, 'ha-raft/enabled')).toBe('false');
    expect(seedTexts(xml)).toEqual(['ncsd@10.9.9.9', 'ncsd@10.9.9.8']);
    expect(renderNcsConf(MINIMAL, off)).not.toContain('ha-raft');
  });

  it('is read back as the host of the node address and the allocated port, in both forms', () => {
    const ranged = readRenderedConf(renderNcsConf(CLUSTER, on(raft())), 'ncs.conf').listeners.haRaft;
    expect(ranged).toEqual({ enabled: true, address: '127.0.0.1', port: 15011 });
    const v6 = raft({ form: 'port', nodeAddress: 'nso_multi_lab_one@::1' });
    const single = readRenderedConf(renderNcsConf(CLUSTER, on(v6)), 'ncs.conf').listeners.haRaft;
    expect(single).toEqual({ enabled: true, address: '::1', port: 15011 });
  });
});

describe.skipIf(skipReason !== null)(
  `HA Raft as rendered for 6.2 validates against its schema${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it.each([
      ['a template with TLS files and a 6.7 port', CLUSTER, raft()],
      ['an element render creates', MINIMAL, raft()],
      [
        'an element render creates, on IPv6 loopback, alone',
        MINIMAL,
        raft({ nodeAddress: 'n_one@::1', seeds: [] }),
      ],
    ])('%s', (_what, template, input) => {
      const result = yanglint(renderNcsConf(template, on(input)));
      expect(result.output).not.toMatch(/err/i);
      expect(result.ok).toBe(true);
    });

    it('the schema refuses the created element without `ssl/enabled` false (so render writes it)', () => {
      const created = renderNcsConf(MINIMAL, on(raft()));
      const withoutSsl = created.replace(/\s*<ssl>\s*<enabled>false<\/enabled>\s*<\/ssl>/, '');
      expect(withoutSsl).not.toContain('<ssl>');
      expect(yanglint(withoutSsl).output).toContain(
        'key-file, cert-file and ca-cert-file must be configured',
      );
    });
  },
);
