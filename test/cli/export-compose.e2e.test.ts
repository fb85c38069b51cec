// `nso-multi export compose` as a user runs it: the built CLI in a temp project.
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';
import { COMPOSE_MISSING, composeConfig } from '../helpers/compose-check.js';

// Ports of this file: 21100-21199.
const SPEC = `project: lab
nso: { version: '6.4' }
layout: { base: 21100, stride: 10 }
defaults:
  container: { image: "cisco-nso-prod:6.4.1" }
instances:
  - name: nso1
    ipc: { accessCheck: { enabled: false } }
  - name: nso2
    snmp: true
    dependsOn: [nso1]
`;

let dir: { path: string; remove: () => Promise<void> };

beforeEach(async () => {
  dir = await tempDir('nso-multi-export-');
});
afterEach(async () => {
  await dir.remove();
});

const cli = (args: string[]) =>
  runCli(args, dir.path, { NSO_MULTI_LEASE_DIR: join(dir.path, 'leases') }, 60_000);

async function listing(path: string): Promise<string[]> {
  return (await readdir(path, { recursive: true }).catch(() => [] as string[])).sort();
}

describe('nso-multi export compose', () => {
  it('writes compose.yaml, ncs.conf and a 0400 secret per instance; env files name the host secret', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
    const result = await cli(['export', 'compose']);
    expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('wrote .nso-multi/export/compose/compose.yaml');
    const out = join(dir.path, '.nso-multi', 'export', 'compose');
    expect(await listing(out)).toEqual([
      'compose.yaml',
      'nso1',
      'nso1/ipc_access',
      'nso1/ncs.conf',
      'nso2',
      'nso2/ipc_access',
      'nso2/ncs.conf',
    ]);
    const compose = parse(await readFile(join(out, 'compose.yaml'), 'utf8'), { version: '1.1' });
    expect(compose.services.nso2.depends_on).toEqual({ nso1: { condition: 'service_healthy' } });
    expect(compose.services.nso2.ports).toContain('127.0.0.1:21126:4000/udp');
    for (const name of ['nso1', 'nso2']) {
      expect((await stat(join(out, name, 'ipc_access'))).mode & 0o777).toBe(0o400);
      // The access check is on although nso1's spec switches it off: its IPC port leaves loopback in there.
      const env = parseDotenv(await readFile(join(dir.path, `.env.${name}`), 'utf8'));
      const hostSecret = join(dir.path, '.nso-multi', name, 'ipc_access');
      expect(env.NCS_IPC_ACCESS_FILE).toBe(hostSecret);
      expect(env.NCS_IPC_ADDR).toBe('127.0.0.1');
      expect(compose.services[name].ports).toContain(`127.0.0.1:${env.NCS_IPC_PORT}:4569`);
      expect(await readFile(join(out, name, 'ipc_access'), 'utf8')).toBe(await readFile(hostSecret, 'utf8'));
      const conf = await readFile(join(out, name, 'ncs.conf'), 'utf8');
      expect(conf).toContain('<filename>/run/secrets/ipc-access</filename>');
    }
  });

  it.skipIf(COMPOSE_MISSING !== undefined)(
    `writes a file docker-compose accepts, into --out DIR${COMPOSE_MISSING ? ` (skipped: ${COMPOSE_MISSING})` : ''}`,
    async () => {
      await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
      const result = await cli(['export', 'compose', '--out', 'deploy', '--json']);
      expect(result.code).toBe(0);
      const file = join(dir.path, 'deploy', 'compose.yaml');
      expect(JSON.parse(result.stdout).composeFile).toBe(file);
      expect(composeConfig(file)).toEqual({ ok: true, output: '' });
    },
  );

  it('writes an HA Raft cluster: certificates for the aliases, kept across exports, and its form script', async () => {
    const raft = `project: lab
nso: { version: '6.2' }
layout: { base: 21150, stride: 10 }
defaults:
  container: { image: "cisco-nso-prod:6.2.5" }
  haRaft: { enabled: true }
instances: [{ name: n1 }, { name: n2 }, { name: n3 }]
`;
    await writeFile(join(dir.path, 'nso-multi.yaml'), raft);
    const result = await cli(['export', 'compose', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).clusters).toEqual([{ name: 'lab', service: 'ha-raft-lab' }]);
    const out = join(dir.path, '.nso-multi', 'export', 'compose');
    expect(await listing(join(out, 'n2'))).toEqual([
      'ha-raft',
      'ha-raft/ca.crt',
      'ha-raft/node.crt',
      'ha-raft/node.key',
      'ipc_access',
      'ncs.conf',
    ]);
    expect((await stat(join(out, 'n2', 'ha-raft', 'node.key'))).mode & 0o777).toBe(0o400);
    const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });
    for (const node of ['n1', 'n2', 'n3']) {
      const tls = join(out, node, 'ha-raft');
      expect(openssl('verify', '-CAfile', join(tls, 'ca.crt'), join(tls, 'node.crt'))).toContain(': OK');
      expect(openssl('x509', '-in', join(tls, 'node.crt'), '-noout', '-ext', 'subjectAltName')).toContain(
        `DNS:${node}.lab`,
      );
    }
    // The cluster's authority is the one render made for the host's nodes.
    const hostCa = await readFile(join(dir.path, '.nso-multi', 'ha-raft-ca', 'lab', 'ca.crt'), 'utf8');
    expect(await readFile(join(out, 'n1', 'ha-raft', 'ca.crt'), 'utf8')).toBe(hostCa);
    const script = await readFile(join(out, 'ha-raft-lab', 'form.sh'), 'utf8');
    expect(script).toContain("members='ncsd_n2@n2.lab ncsd_n3@n3.lab'");
    expect(execFileSync('dash', ['-n', join(out, 'ha-raft-lab', 'form.sh')], { encoding: 'utf8' })).toBe('');
    // A second export gives the same certificates and key, so nothing in the containers changes.
    const cert = await readFile(join(out, 'n3', 'ha-raft', 'node.crt'), 'utf8');
    const again = await cli(['export', 'compose']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('HA Raft cluster lab: service ha-raft-lab forms it');
    expect(await readFile(join(out, 'n3', 'ha-raft', 'node.crt'), 'utf8')).toBe(cert);
    expect(again.stdout + again.stderr).not.toContain('PRIVATE KEY');
  });

  it('refuses an HA Raft template with TLS files of its own, with exit 2 and nothing written', async () => {
    const template = (await readFile(join(REPO_ROOT, 'templates', 'ncs.conf.xml'), 'utf8')).replace(
      '</ncs-config>',
      '<ha-raft><ssl><enabled>true</enabled><key-file>/etc/k</key-file><cert-file>/etc/c</cert-file><ca-cert-file>/etc/a</ca-cert-file></ssl></ha-raft></ncs-config>',
    );
    await writeFile(join(dir.path, 'own.xml'), template);
    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      `project: lab
nso: { version: '6.2' }
layout: { base: 21185, stride: 5 }
defaults:
  container: { image: "cisco-nso-prod:6.2.5" }
  haRaft: { enabled: true }
  template: own.xml
instances: [{ name: n1 }, { name: n2 }]
`,
    );
    const result = await cli(['export', 'compose']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("instance n1: its template's ha-raft/ssl names TLS files of this host");
    expect(result.stderr).toContain('nso-multi then makes the certificates');
    expect(await listing(dir.path)).toEqual(['nso-multi.yaml', 'own.xml']);
  });

  it('refuses a spec without container.image with exit 2 and writes nothing', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC.replace(/defaults:\n.*\n/, ''));
    const result = await cli(['export', 'compose']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot export: instances.0 (nso1): no `container.image`');
    expect(result.stderr).toContain('container: { image: cisco-nso-prod:<version> }');
    expect(await listing(dir.path)).toEqual(['nso-multi.yaml']);
  });

  it('leaves no compose file half-written when a file cannot be written', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
    const out = join(dir.path, 'deploy');
    // A file where nso2's folder must go: it fails after nso1's folder was made, which goes again.
    await mkdir(out);
    await writeFile(join(out, 'nso2'), 'in the way');
    const result = await cli(['export', 'compose', '--out', 'deploy']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(join(out, 'nso2'));
    expect(await listing(out)).toEqual(['nso2']);
  });

  it('names the targets when none or an unknown one is given', async () => {
    const none = await cli(['export']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('export needs a target');
    const unknown = await cli(['export', 'swarm']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown export target swarm[\s\S]*compose/);
  });
});
