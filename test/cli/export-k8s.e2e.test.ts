import { execFileSync } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli, tempDir } from '../helpers/cli.js';
import { validateK8sObject } from '../helpers/k8s-validate.js';

// Ports of this file's specs: a block region no other test file uses.
const BASE = 31400;

const SPEC = `project: lab
nso: { version: '6.4.1' }
layout: { base: ${BASE}, stride: 10 }
defaults:
  container: { image: 'cisco-nso-prod:6.4.1' }
instances:
  - name: nso1
  - name: Core_2
    dependsOn: [nso1]
`;

interface K8sObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  data?: Record<string, string>;
  spec?: { template?: { spec: { initContainers?: { env: { name: string; value: string }[] }[] } } };
}

// The manifests of a YAML file, every document checked for syntax errors.
function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text as string).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as K8sObject;
  });
}

// The secrets render wrote, as they must never show up in the CLI's output: plain and base64.
async function secretForms(project: string, names: string[]): Promise<string[]> {
  const texts = await Promise.all(
    names.map((n) => readFile(join(project, '.nso-multi', n, 'ipc_access'), 'utf8')),
  );
  return texts.flatMap((t) => [t.trim(), Buffer.from(t).toString('base64')]);
}

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
  await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
});
afterEach(async () => {
  await dir.remove();
});

describe('nso-multi export k8s', () => {
  it('writes one owner-only YAML whose every object validates, and prints no secret', async () => {
    const result = await runCli(['export', 'k8s', '--namespace', 'nso-lab'], dir.path);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const file = join(dir.path, '.nso-multi', 'export', 'k8s', 'nso-multi.k8s.yaml');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const objects = parseManifests(await readFile(file, 'utf8'));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/nso1-ncs-conf',
      'Secret/nso1-ipc-secret',
      'Service/nso1-headless',
      'Service/nso1',
      'StatefulSet/nso1',
      'ConfigMap/core-2-ncs-conf',
      'Secret/core-2-ipc-secret',
      'Service/core-2-headless',
      'Service/core-2',
      'StatefulSet/core-2',
    ]);
    for (const object of objects) {
      expect(() => validateK8sObject(object)).not.toThrow();
      expect(object.metadata.namespace).toBe('nso-lab');
      expect(object.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'nso',
        'app.kubernetes.io/part-of': 'lab',
      });
    }
    // The Secret carries the very secret render wrote, and the output shows it nowhere.
    const [plain] = await secretForms(dir.path, ['nso1']);
    const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'nso1-ipc-secret');
    expect(Buffer.from(secret!.data!['ipc-access']!, 'base64').toString('utf8').trim()).toBe(plain);
    for (const form of await secretForms(dir.path, ['nso1', 'Core_2'])) {
      expect(form.length).toBeGreaterThan(8);
      expect(result.stdout).not.toContain(form);
      expect(result.stderr).not.toContain(form);
    }
    // Core_2 waits for nso1's Service.
    const core = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'core-2');
    expect(core!.spec!.template!.spec.initContainers![0]!.env).toContainEqual({
      name: 'NSO_MULTI_WAIT_FOR',
      value: 'nso1:4569',
    });
  });

  it('prints port-forward commands from the ports the env files name', async () => {
    const result = await runCli(['export', 'k8s'], dir.path);
    expect(result.code).toBe(0);
    const env = await readFile(join(dir.path, '.env.nso1'), 'utf8');
    const ipcPort = /NCS_IPC_PORT=['"]?(\d+)/.exec(env)?.[1];
    expect(ipcPort).toBeDefined();
    expect(result.stdout).toContain(`kubectl port-forward --address 127.0.0.1 svc/nso1 ${ipcPort}:4569 `);
    expect(result.stdout).toContain('svc/core-2 ');
  });

  it('writes where --out says and reports it as JSON, without the secrets', async () => {
    const result = await runCli(['export', 'k8s', '--out', 'deploy', '--json'], dir.path);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.file).toBe(join(dir.path, 'deploy', 'nso-multi.k8s.yaml'));
    expect(doc.namespace).toBeNull();
    expect(doc.instances.map((i: { name: string }) => i.name)).toEqual(['nso1', 'Core_2']);
    for (const object of parseManifests(await readFile(doc.file, 'utf8'))) {
      expect(object.metadata).not.toHaveProperty('namespace');
    }
    for (const form of await secretForms(dir.path, ['nso1', 'Core_2']))
      expect(result.stdout).not.toContain(form);
  });

  it('refuses an invalid namespace before writing anything (exit 2)', async () => {
    const result = await runCli(['export', 'k8s', '--namespace', 'Not_OK'], dir.path);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Not_OK');
    await expect(stat(join(dir.path, '.nso-multi'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(join(dir.path, '.env.nso1'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('exports an HA Raft cluster: certificates for the pod names, and a Job that forms it, all valid', async () => {
    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      `project: lab
nso: { version: '6.2' }
layout: { base: ${BASE + 50}, stride: 10 }
defaults:
  container: { image: 'cisco-nso-prod:6.2.5' }
  haRaft: { enabled: true }
instances: [{ name: n1 }, { name: n2 }, { name: n3 }]
`,
    );
    const result = await runCli(['export', 'k8s', '-n', 'raft'], dir.path);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      '  kubectl -n raft wait --for=condition=complete job/lab-ha-raft-form --timeout=15m',
    );
    expect(result.stdout).not.toContain(':4370');
    const file = join(dir.path, '.nso-multi', 'export', 'k8s', 'nso-multi.k8s.yaml');
    const objects = parseManifests(await readFile(file, 'utf8'));
    for (const object of objects) expect(() => validateK8sObject(object)).not.toThrow();
    expect(objects.slice(-2).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/lab-ha-raft-form',
      'Job/lab-ha-raft-form',
    ]);
    const secret = objects.find((o) => o.metadata.name === 'n2-ipc-secret')!;
    const scratch = join(dir.path, 'tls');
    await mkdir(scratch);
    for (const key of ['ha-raft-ca.crt', 'ha-raft-node.crt']) {
      await writeFile(join(scratch, key), Buffer.from(secret.data?.[key] ?? '', 'base64'));
    }
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: scratch, encoding: 'utf8' });
    expect(openssl('verify', '-CAfile', 'ha-raft-ca.crt', 'ha-raft-node.crt')).toContain(': OK');
    expect(openssl('x509', '-in', 'ha-raft-node.crt', '-noout', '-ext', 'subjectAltName')).toContain(
      'DNS:n2-0.n2-headless',
    );
    const conf = objects.find((o) => o.metadata.name === 'n2-ncs-conf')!.data?.['ncs.conf'] ?? '';
    expect(conf).toContain('<node-address>ncsd_n2@n2-0.n2-headless</node-address>');
    expect(conf).toContain('<seed-node>ncsd_n1@n1-0.n1-headless</seed-node>');
    // The Secrets' keys stay out of the output.
    expect(result.stdout + result.stderr).not.toContain(secret.data?.['ha-raft-node.key']);
  });
});
