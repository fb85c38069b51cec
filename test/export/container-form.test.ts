import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_USAGE, NsoMultiError } from '../../src/errors.js';
import { CONTAINER_SECRET_PATH, checkExportable, containerForm } from '../../src/export/container-form.js';
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
// (and has HA Raft on when asked).
function project(version = '6.4', haRaft = false) {
  const specs = [
    instance('a', { netconf: { ssh: true, tcp: true, address: '127.0.0.1' } }),
    instance('b', {
      snmp: { enabled: true, address: '127.0.0.1' },
      webui: { tcp: true, address: '::1' },
    }),
    instance('c', {
      dependsOn: ['a', 'b'],
      ...(haRaft ? { haRaft: { enabled: true, address: '127.0.0.1' } } : {}),
    }),
  ];
  const ports: Record<string, AllocatedPorts> = {
    a: { ipc: 21010, netconfSsh: 21011, netconfTcp: 21012, cliSsh: 21013 },
    b: { ipc: 21020, netconfSsh: 21021, cliSsh: 21023, webuiTcp: 21024, snmp: 21026 },
    c: { ipc: 21030, netconfSsh: 21031, cliSsh: 21033, ...(haRaft ? { haRaft: 21090 } : {}) },
  };
  const plan = buildPlan(projectSpec(specs), ports, [], version);
  const texts = {
    templates: new Map([[TEMPLATE, TEMPLATE_TEXT]]),
    secrets: new Map(['a', 'b', 'c'].map((n) => [n, `secret-of-${n}`])),
  };
  return { plan, texts };
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

  it('refuses HA Raft, whose node addresses depend on the orchestrator', () => {
    const { plan, texts } = project('6.4', true);
    const error = refusal(() => containerForm(plan, texts));
    expect(error.message).toBe('instance c: HA Raft cannot be exported yet');
    expect(error.exitCode).toBe(EXIT_USAGE);
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
  },
);
