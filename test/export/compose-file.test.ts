import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NsoMultiError } from '../../src/errors.js';
import { COMPOSE_FILE_NAME, composeFileText } from '../../src/export/compose-file.js';
import { composeClusters } from '../../src/export/compose-ha-raft.js';
import { composeHost, composeInstanceFiles } from '../../src/export/compose-names.js';
import type { ContainerInstance, ContainerPort } from '../../src/export/container-model.js';
import { haRaftFormScript } from '../../src/export/ha-raft-form-script.js';
import { tempDir } from '../helpers/cli.js';
import {
  COMPOSE_MISSING,
  COMPOSE_SCHEMA_MISSING,
  composeConfig,
  composeSchema,
} from '../helpers/compose-check.js';
import { thrown } from '../helpers/thrown.js';

const port = (key: string, hostPort: number, containerPort: number, extra: Partial<ContainerPort> = {}) => ({
  key,
  protocol: 'tcp' as const,
  containerPort,
  hostPort,
  hostAddress: '127.0.0.1',
  ...extra,
});

function container(name: string, ports: ContainerPort[], dependsOn: string[] = []): ContainerInstance {
  return {
    name,
    project: 'lab',
    image: 'cisco-nso-prod:6.4.1',
    ncsConf: `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config"/><!-- ${name} -->\n`,
    secret: {
      text: `secret-${name}`,
      containerPath: '/run/secrets/ipc-access',
      hostFile: `/p/${name}/ipc_access`,
    },
    ports,
    dependsOn,
  };
}

const INSTANCES = [
  container('nso1', [port('ipc', 21010, 4569), port('cliSsh', 21013, 2024)]),
  container('nso2', [port('ipc', 21020, 4569), port('snmp', 21026, 4000, { protocol: 'udp' })], ['nso1']),
  container('nso3', [port('ipc', 21030, 4569, { hostAddress: '::1' })], ['nso1', 'nso2']),
];

// Three HA Raft nodes of cluster `lab` under compose's names.
const RAFT = ['n1', 'n2', 'n3'].map(
  (name, i): ContainerInstance => ({
    ...container(name, [port('ipc', 21110 + 10 * i, 4569)]),
    haRaft: {
      instance: name,
      cluster: 'lab',
      host: composeHost(name, 'lab'),
      nodeAddress: `ncsd_${name}@${composeHost(name, 'lab')}`,
      tls: { caCert: 'CA', cert: `cert of ${name}`, key: `key of ${name}` },
    },
  }),
);

// The compose file as docker-compose 1.x reads it (YAML 1.1: `0400` is octal).
type ComposeDoc = {
  services?: Record<string, Record<string, unknown>>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
};
const read = (text: string) => parse(text, { version: '1.1' }) as ComposeDoc;

describe('the compose file', () => {
  const text = composeFileText(INSTANCES, 'lab');

  it('gives each instance a service with its image, ncs.conf, run and log volumes', () => {
    const doc = read(text);
    expect(Object.keys(doc.services ?? {})).toEqual(['nso1', 'nso2', 'nso3']);
    expect(doc.services?.nso1).toMatchObject({
      image: 'cisco-nso-prod:6.4.1',
      volumes: ['./nso1/ncs.conf:/nso/etc/ncs.conf:ro', 'nso1-run:/nso/run', 'nso1-log:/log'],
    });
    expect(Object.keys(doc.volumes ?? {})).toEqual([
      'nso1-run',
      'nso1-log',
      'nso2-run',
      'nso2-log',
      'nso3-run',
      'nso3-log',
    ]);
  });

  it('publishes ports as ADDRESS:HOST:CONTAINER, /udp for SNMP, IPv6 in brackets, all quoted', () => {
    const doc = read(text);
    expect(doc.services?.nso1?.ports).toEqual(['127.0.0.1:21010:4569', '127.0.0.1:21013:2024']);
    expect(doc.services?.nso2?.ports).toEqual(['127.0.0.1:21020:4569', '127.0.0.1:21026:4000/udp']);
    expect(doc.services?.nso3?.ports).toEqual(['[::1]:21030:4569']);
    expect(text).toContain('- "127.0.0.1:21026:4000/udp"');
  });

  it('mounts the secret with mode 0400 (octal, 256) from the file beside', () => {
    const doc = read(text);
    expect(doc.services?.nso2?.secrets).toEqual([
      { source: 'nso2-ipc-access', target: '/run/secrets/ipc-access', mode: 0o400 },
    ]);
    expect(text).toContain('mode: 0400');
    expect(doc.secrets).toEqual({
      'nso1-ipc-access': { file: './nso1/ipc_access' },
      'nso2-ipc-access': { file: './nso2/ipc_access' },
      'nso3-ipc-access': { file: './nso3/ipc_access' },
    });
  });

  it('checks health with ncs_cmd after a start period, and orders services by dependsOn', () => {
    const doc = read(text);
    expect(doc.services?.nso1?.healthcheck).toMatchObject({
      test: ['CMD', 'ncs_cmd', '-c', 'wait-start 2'],
      start_period: '180s',
    });
    expect(doc.services?.nso1?.depends_on).toBeUndefined();
    expect(doc.services?.nso3?.depends_on).toEqual({
      nso1: { condition: 'service_healthy' },
      nso2: { condition: 'service_healthy' },
    });
  });
});

describe('the compose file of an HA Raft cluster', () => {
  const text = composeFileText(RAFT, 'lab');

  it('gives each node a network alias, its DNS name, and its TLS files as 0400 secrets', () => {
    const doc = read(text);
    expect(composeHost('N_1', 'my.lab')).toBe('n-1.my-lab');
    expect(doc.services?.n2?.networks).toEqual({ default: { aliases: ['n2.lab'] } });
    expect(doc.services?.n2?.secrets).toEqual([
      { source: 'n2-ipc-access', target: '/run/secrets/ipc-access', mode: 0o400 },
      { source: 'n2-ha-raft-ca', target: '/run/secrets/ha-raft/ca.crt', mode: 0o400 },
      { source: 'n2-ha-raft-cert', target: '/run/secrets/ha-raft/node.crt', mode: 0o400 },
      { source: 'n2-ha-raft-key', target: '/run/secrets/ha-raft/node.key', mode: 0o400 },
    ]);
    expect(doc.secrets).toMatchObject({
      'n2-ha-raft-ca': { file: './n2/ha-raft/ca.crt' },
      'n2-ha-raft-cert': { file: './n2/ha-raft/node.crt' },
      'n2-ha-raft-key': { file: './n2/ha-raft/node.key' },
    });
    expect(text.match(/mode: 0400/g)).toHaveLength(13);
  });

  it('forms the cluster with a service that runs the form script on the first node once all are healthy', () => {
    const doc = read(text);
    expect(Object.keys(doc.services ?? {})).toEqual(['n1', 'n2', 'n3', 'ha-raft-lab']);
    expect(doc.services?.['ha-raft-lab']).toEqual({
      image: 'cisco-nso-prod:6.4.1',
      entrypoint: ['sh', '/nso-multi/ha-raft-form.sh'],
      command: ['hold'],
      environment: {
        NCS_IPC_ADDR: 'n1',
        NCS_IPC_PORT: '4569',
        NCS_IPC_ACCESS_FILE: '/run/secrets/ipc-access',
      },
      volumes: ['./ha-raft-lab/form.sh:/nso-multi/ha-raft-form.sh:ro'],
      secrets: [{ source: 'n1-ipc-access', target: '/run/secrets/ipc-access', mode: 0o400 }],
      healthcheck: {
        test: ['CMD', 'sh', '/nso-multi/ha-raft-form.sh', 'check'],
        interval: '5s',
        timeout: '10s',
        retries: 3,
        start_period: '600s',
      },
      depends_on: Object.fromEntries(['n1', 'n2', 'n3'].map((n) => [n, { condition: 'service_healthy' }])),
    });
    const [cluster] = composeClusters(RAFT);
    expect(cluster?.script).toBe('ha-raft-lab/form.sh');
    expect(cluster?.scriptText).toBe(haRaftFormScript('lab', ['ncsd_n2@n2.lab', 'ncsd_n3@n3.lab']));
  });

  it('refuses an instance named like the service that forms a cluster', () => {
    const error = thrown(() => composeFileText([...RAFT, container('ha-raft-lab', [])], 'lab'));
    expect(error).toBeInstanceOf(NsoMultiError);
    expect((error as NsoMultiError).message).toBe(
      'instance ha-raft-lab: its service name is the one that forms HA Raft cluster lab',
    );
  });
});

describe.skipIf(COMPOSE_MISSING !== undefined)(
  `docker-compose accepts the file${COMPOSE_MISSING ? ` (skipped: ${COMPOSE_MISSING})` : ''}`,
  () => {
    // Every project a test writes (one test writes two), all removed after it.
    const dirs: { path: string; remove: () => Promise<void> }[] = [];
    afterEach(async () => {
      await Promise.all(dirs.splice(0).map((d) => d.remove()));
    });

    // Writes a compose project as export does: the file, and each instance's ncs.conf and secret beside it
    // (with an HA Raft node's TLS files, and each cluster's form script).
    async function writeProject(text: string, instances = INSTANCES): Promise<string> {
      const dir = await tempDir('nso-multi-compose-');
      dirs.push(dir);
      for (const instance of instances) {
        const files = composeInstanceFiles(instance.name);
        await mkdir(join(dir.path, instance.name, 'ha-raft'), { recursive: true });
        await writeFile(join(dir.path, files.ncsConf), instance.ncsConf);
        await writeFile(join(dir.path, files.secret), instance.secret.text, { mode: 0o400 });
        const tls = instance.haRaft?.tls;
        if (tls === undefined) continue;
        for (const key of ['caCert', 'cert', 'key'] as const) {
          await writeFile(join(dir.path, files.haRaft[key]), tls[key], { mode: 0o400 });
        }
      }
      for (const cluster of composeClusters(instances)) {
        await mkdir(join(dir.path, cluster.service));
        await writeFile(join(dir.path, cluster.script), cluster.scriptText);
      }
      const file = join(dir.path, COMPOSE_FILE_NAME);
      await writeFile(file, text);
      return file;
    }

    it('passes `docker-compose config -q`', async () => {
      const result = composeConfig(await writeProject(composeFileText(INSTANCES, 'lab')));
      expect(result).toEqual({ ok: true, output: '' });
    });

    it('passes `docker-compose config -q` with an HA Raft cluster', async () => {
      const result = composeConfig(await writeProject(composeFileText(RAFT, 'lab'), RAFT));
      expect(result).toEqual({ ok: true, output: '' });
    });

    it('and the check refuses a broken file (a dependency on a service that does not exist)', async () => {
      const broken = composeFileText([container('nso1', [], ['ghost'])], 'lab');
      const result = composeConfig(await writeProject(broken));
      expect(result.ok).toBe(false);
      expect(result.output).toContain('ghost');
    });

    it.skipIf(COMPOSE_SCHEMA_MISSING !== undefined)(
      `validates against the compose spec's JSON Schema${COMPOSE_SCHEMA_MISSING ? ` (skipped: ${COMPOSE_SCHEMA_MISSING})` : ''}`,
      async () => {
        expect(composeSchema(await writeProject(composeFileText(INSTANCES, 'lab')))).toEqual({
          ok: true,
          output: '',
        });
        expect(composeSchema(await writeProject(composeFileText(RAFT, 'lab'), RAFT))).toEqual({
          ok: true,
          output: '',
        });
        const broken = composeFileText(INSTANCES, 'lab').replace('start_period: 180s', 'start_period: [1]');
        const result = composeSchema(await writeProject(broken));
        expect(result.ok).toBe(false);
        expect(result.output).toContain('start_period');
      },
    );
  },
);
