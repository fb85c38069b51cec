import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_USAGE, NsoMultiError } from '../../src/errors.js';
import { COMPOSE_TARGET } from '../../src/export/compose-names.js';
import { CONTAINER_SECRET_PATH, checkExportable, containerForm } from '../../src/export/container-form.js';
import { containerHaRaftNodes } from '../../src/export/container-ha-raft.js';
import { withContainerPaths } from '../../src/export/container-ncs-conf.js';
import type { AllocatedPorts, InstanceSpec } from '../../src/model.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { instanceSpec, projectSpec } from '../helpers/instance-spec.js';
import { thrown } from '../helpers/thrown.js';
import { yanglint, yanglintSkipReason } from '../render/yanglint.js';

function refusal(run: () => unknown): NsoMultiError {
  const error = thrown(run);
  if (!(error instanceof NsoMultiError)) throw error;
  return error;
}

const TEMPLATE = join(REPO_ROOT, 'templates', 'ncs.conf.xml');
const TEMPLATE_TEXT = readFileSync(TEMPLATE, 'utf8');
const IMAGE = { image: 'cisco-nso-prod:6.4.1' };

function instance(name: string, overrides: Partial<InstanceSpec> = {}): InstanceSpec {
  return instanceSpec({ name, template: TEMPLATE, container: IMAGE, ...overrides });
}

// A three-instance project as render would plan it: b has SNMP and the Web UI on ::1, c waits for a and b
// (and all three have HA Raft on when asked, as the nodes of cluster `lab` under compose's names).
function project(version = '6.4', haRaft = false) {
  const raft = haRaft ? { haRaft: { enabled: true, address: '127.0.0.1' } } : {};
  const specs = [
    instance('a', { netconf: { ssh: true, tcp: true, address: '127.0.0.1' }, ...raft }),
    instance('b', {
      snmp: { enabled: true, address: '127.0.0.1' },
      webui: { tcp: true, address: '::1' },
      ...raft,
    }),
    instance('c', { dependsOn: ['a', 'b'], ...raft }),
  ];
  const raftPort = (port: number) => (haRaft ? { haRaft: port } : {});
  const ports: Record<string, AllocatedPorts> = {
    a: { ipc: 21010, netconfSsh: 21011, netconfTcp: 21012, cliSsh: 21013, ...raftPort(21090) },
    b: { ipc: 21020, netconfSsh: 21021, cliSsh: 21023, webuiTcp: 21024, snmp: 21026, ...raftPort(21091) },
    c: { ipc: 21030, netconfSsh: 21031, cliSsh: 21033, ...raftPort(21092) },
  };
  const plan = buildPlan(projectSpec(specs), ports, [], version);
  const roster = ['a', 'b', 'c'].map((name, i) => ({
    instance: name,
    nodeAddress: `host_${name}@127.0.0.1`,
    port: 21090 + i,
    clusterName: null,
    makesTls: true,
  }));
  const nodes = haRaft ? containerHaRaftNodes(plan, roster, COMPOSE_TARGET.hostOf) : new Map();
  const tls = new Map(
    [...nodes.keys()].map((name) => [name, { caCert: 'CA', cert: `cert of ${name}`, key: `key of ${name}` }]),
  );
  const texts = {
    templates: new Map([[TEMPLATE, TEMPLATE_TEXT]]),
    secrets: new Map(['a', 'b', 'c'].map((n) => [n, `secret-of-${n}`])),
    haRaft: { nodes, tls },
  };
  return { plan, texts, roster };
}

// Whether the elements follow each other in the text, with only white space between them.
const leaf = (xml: string, ...parts: string[]) =>
  new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*')).test(xml);

/** The image's shared SNMP folder, as ncs.conf names it (NSO expands the variable). */
const IMAGE_SNMP = ['<dir>$', '{NCS_DIR}/etc/ncs/snmp</dir>'].join('');

describe('the container form of a plan', () => {
  it('publishes each allocated host port on the spec address, forwarded to the standard port inside', () => {
    const { plan, texts } = project();
    const [a, b, c] = containerForm(plan, texts).instances;
    expect(a?.ports.map((p) => [p.key, p.hostAddress, p.hostPort, p.containerPort, p.protocol])).toEqual([
      ['ipc', '127.0.0.1', 21010, 4569, 'tcp'],
      ['netconfSsh', '127.0.0.1', 21011, 2022, 'tcp'],
      ['netconfTcp', '127.0.0.1', 21012, 2023, 'tcp'],
      ['cliSsh', '127.0.0.1', 21013, 2024, 'tcp'],
    ]);
    expect(b?.ports).toContainEqual({
      key: 'webuiTcp',
      protocol: 'tcp',
      containerPort: 8080,
      hostPort: 21024,
      hostAddress: '::1',
    });
    expect(b?.ports).toContainEqual({
      key: 'snmp',
      protocol: 'udp',
      containerPort: 4000,
      hostPort: 21026,
      hostAddress: '127.0.0.1',
    });
    expect(c?.dependsOn).toEqual(['a', 'b']);
    expect(a?.image).toBe('cisco-nso-prod:6.4.1');
    expect(a?.secret).toEqual({
      text: 'secret-of-a',
      containerPath: CONTAINER_SECRET_PATH,
      hostFile: '/proj/.nso-multi/a/ipc_access',
    });
  });

  it('renders ncs.conf with every listener on 0.0.0.0 at its standard port and the access check on', () => {
    const { plan, texts } = project();
    const [a, b] = containerForm(plan, texts).instances;
    const conf = a?.ncsConf ?? '';
    expect(leaf(conf, '<ncs-ipc-address>', '<ip>0.0.0.0</ip>', '<port>4569</port>')).toBe(true);
    expect(
      leaf(conf, '<ncs-ipc-access-check>', '<enabled>true</enabled>', '<filename>/run/secrets/ipc-access<'),
    ).toBe(true);
    expect(leaf(conf, '<ssh>', '<enabled>true</enabled>', '<ip>0.0.0.0</ip>', '<port>2022</port>')).toBe(
      true,
    );
    expect(leaf(conf, '<tcp>', '<enabled>true</enabled>', '<ip>0.0.0.0</ip>', '<port>2023</port>')).toBe(
      true,
    );
    expect(leaf(conf, '<ssh>', '<enabled>true</enabled>', '<ip>0.0.0.0</ip>', '<port>2024</port>')).toBe(
      true,
    );
    expect(leaf(conf, '<ncs-local-ipc>', '<enabled>false</enabled>')).toBe(true);
    expect(conf).not.toContain(IMAGE_SNMP);
    expect(b?.ncsConf.split(IMAGE_SNMP)).toHaveLength(2);
    expect(b?.ncsConf).not.toContain('nso-multi-image-snmp-dir');
    expect(
      leaf(b?.ncsConf ?? '', '<tcp>', '<enabled>true</enabled>', '<ip>0.0.0.0</ip>', '<port>8080</port>'),
    ).toBe(true);
    expect(conf).not.toContain('21010');
  });

  it('moves run-dir paths to /nso/run and logs to /log, rollbacks beside the CDB', () => {
    const { plan, texts } = project();
    const conf = containerForm(plan, texts).instances[0]?.ncsConf ?? '';
    expect(conf).not.toMatch(/>\s*\.\//);
    expect(conf).toContain('<db-dir>/nso/run/ncs-cdb</db-dir>');
    expect(conf).toContain('<state-dir>/nso/run/state</state-dir>');
    expect(conf).toContain('<name>/log/ncs.log</name>');
    expect(conf).toContain('<dir>/log</dir>');
    expect(conf).toMatch(/<rollback>[\s\S]*<directory>\/nso\/run\/rollbacks<\/directory>/);
    expect(conf).toContain('<dir>/nso/run/packages</dir>');
  });

  it('makes each HA Raft node the cluster member its container DNS name names, with TLS from its secrets', () => {
    const { plan, texts } = project('6.2', true);
    const [a, , c] = containerForm(plan, texts).instances;
    expect(c?.haRaft).toEqual({
      instance: 'c',
      cluster: 'lab',
      host: 'c.lab',
      nodeAddress: 'ncsd_c@c.lab',
      tls: { caCert: 'CA', cert: 'cert of c', key: 'key of c' },
    });
    const conf = c?.ncsConf ?? '';
    expect(leaf(conf, '<cluster-name>lab</cluster-name>', '<listen>', '<node-address>ncsd_c@c.lab<')).toBe(
      true,
    );
    expect(leaf(conf, '<min-port>4370</min-port>', '<max-port>4370</max-port>')).toBe(true);
    expect(
      leaf(
        conf,
        '<seed-nodes>',
        '<seed-node>ncsd_a@a.lab</seed-node>',
        '<seed-node>ncsd_b@b.lab</seed-node>',
      ),
    ).toBe(true);
    expect(
      leaf(
        conf,
        '<ssl>',
        '<enabled>true</enabled>',
        '<key-file>/run/secrets/ha-raft/node.key</key-file>',
        '<cert-file>/run/secrets/ha-raft/node.crt</cert-file>',
        '<ca-cert-file>/run/secrets/ha-raft/ca.crt</ca-cert-file>',
      ),
    ).toBe(true);
    // Nothing of the host's nodes (address, port) is left in the cluster's settings.
    const haRaft = /<ha-raft>[\s\S]*<\/ha-raft>/.exec(conf)?.[0] ?? '';
    expect(haRaft).not.toMatch(/127\.0\.0\.1|host_|2109\d/);
    // Only the cluster's containers speak HA Raft: its port is not published on the host.
    expect(a?.ports.map((p) => p.key)).toEqual(['ipc', 'netconfSsh', 'netconfTcp', 'cliSsh']);
    expect(a?.haRaft?.host).toBe('a.lab');
  });

  it("listens at NSO 6.7's HA Raft port, with seed nodes that name their port", () => {
    const { plan, texts } = project('6.7', true);
    const conf = containerForm(plan, texts).instances[0]?.ncsConf ?? '';
    expect(leaf(conf, '<node-address>ncsd_a@a.lab</node-address>', '<port>4570</port>')).toBe(true);
    expect(
      leaf(conf, '<seed-node>', '<address>ncsd_b@b.lab</address>', '<port>4570</port>', '</seed-node>'),
    ).toBe(true);
  });

  it('refuses a template with TLS files of its own, and two nodes one DNS name would name', () => {
    const { plan, roster } = project('6.2', true);
    const own = roster.map((n) => (n.instance === 'b' ? { ...n, makesTls: false } : n));
    const error = refusal(() => containerHaRaftNodes(plan, own, COMPOSE_TARGET.hostOf));
    expect(error.message).toBe(
      "instance b: its template's ha-raft/ssl names TLS files of this host, which a container does not have",
    );
    expect(error.exitCode).toBe(EXIT_USAGE);
    const clash = refusal(() => containerHaRaftNodes(plan, roster, () => 'same.lab'));
    expect(clash.message).toBe('instances a and b would both be the HA Raft node same.lab in the containers');
  });

  it('fails loudly when an HA Raft node comes without its container node', () => {
    const { plan, texts } = project('6.2', true);
    const error = refusal(() =>
      containerForm(plan, { ...texts, haRaft: { nodes: new Map(), tls: new Map() } }),
    );
    expect(error.code).toBe('INTERNAL');
  });

  it('rewrites only element text that starts with ./', () => {
    const xml = '<a>\n  <!-- see ./logs -->\n  <b> ./x/y </b>\n  <c>./logs/z.log</c>\n  <d>/abs</d>\n</a>';
    expect(withContainerPaths(xml)).toBe(
      '<a>\n  <!-- see ./logs -->\n  <b> /nso/run/x/y </b>\n  <c>/log/z.log</c>\n  <d>/abs</d>\n</a>',
    );
  });
});

describe('what an export refuses', () => {
  it('names every instance without container.image, with exit code 2', () => {
    const spec = projectSpec([instanceSpec({ name: 'a' }), instance('b'), instanceSpec({ name: 'c' })]);
    const error = refusal(() => checkExportable(spec));
    expect(error.code).toBe('SPEC_INVALID');
    expect(error.exitCode).toBe(EXIT_USAGE);
    expect(error.message).toBe(
      '/proj/nso-multi.yaml: cannot export: instances.0 (a): no `container.image`; instances.2 (c): no `container.image`',
    );
    expect(error.hint).toContain('container: { image: cisco-nso-prod:<version> }');
  });

  it('refuses IPC over a Unix socket', () => {
    const ipc = {
      address: '127.0.0.1',
      accessCheck: { enabled: true, mode: '0400' as const },
      transport: 'unix' as const,
    };
    const error = refusal(() => checkExportable(projectSpec([instance('a', { ipc })])));
    expect(error.message).toContain('instances.0 (a): `ipc.transport: unix` cannot be exported');
    expect(error.hint).toBe('use `ipc.transport: tcp` for instances you export');
  });
});

const yanglintSkip = yanglintSkipReason();

describe.skipIf(yanglintSkip !== null)(
  `the container ncs.conf validates against NSO's schema${yanglintSkip ? ` (skipped: ${yanglintSkip})` : ''}`,
  () => {
    it('for every instance: TCP, SNMP and Web UI listeners, access check, container paths', () => {
      const { plan, texts } = project('6.2');
      for (const instance of containerForm(plan, texts).instances) {
        expect(yanglint(instance.ncsConf)).toEqual({ ok: true, output: expect.any(String) });
      }
    });

    it('for every HA Raft node: node address, seed nodes and TLS', () => {
      const { plan, texts } = project('6.2', true);
      for (const instance of containerForm(plan, texts).instances) {
        expect(yanglint(instance.ncsConf)).toEqual({ ok: true, output: expect.any(String) });
      }
    });
  },
);
