// `nso-multi export compose` as a user runs it: the built CLI in a temp project.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli, tempDir } from '../helpers/cli.js';
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
