import { execFileSync } from 'node:child_process';
import { lstat, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { listen } from '../helpers/listen.js';

// Ports of this file's specs: a block region no other test file uses.
const BASE = 24000;

function spec(extra = ''): string {
  return `project: lab
layout: { base: ${BASE}, stride: 10 }
instances:
  - name: one
  - name: two
    netconf: { tcp: false }
    ipc:
      accessCheck: { enabled: false }
${extra}`;
}

async function listing(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.sort();
}

let dir: { path: string; remove: () => Promise<void> };
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await dir.remove();
});

describe('nso-multi render', () => {
  it('writes run dirs, ncs.conf, secrets, env files and state, and prints the JSON plan', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec());
    const result = await runCli(['render', '--json'], dir.path);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.project).toBe('lab');
    const [one, two] = doc.instances;
    expect(one).toMatchObject({
      name: 'one',
      runDir: join(dir.path, '.nso-multi', 'one'),
      ncsConf: join(dir.path, '.nso-multi', 'one', 'ncs.conf'),
      envFile: join(dir.path, '.env.one'),
      secretFile: join(dir.path, '.nso-multi', 'one', 'ipc_access'),
      ports: { ipc: BASE + 10, netconfSsh: BASE + 11, netconfTcp: BASE + 12, cliSsh: BASE + 13 },
    });
    expect(two.ports).toMatchObject({
      ipc: BASE + 20,
      netconfSsh: BASE + 21,
      netconfTcp: null,
      cliSsh: BASE + 23,
    });
    // The bundled template enables no Web UI, RESTCONF transport, call-home or HA.
    expect(Object.values(two.ports).filter((port) => port !== null)).toHaveLength(3);
    expect(two.secretFile).toBeNull();
    const secret = await lstat(one.secretFile);
    expect(secret.mode & 0o7777).toBe(0o400);
    const conf = await readFile(one.ncsConf, 'utf8');
    expect(conf).toContain(`<port>${BASE + 10}</port>`);
    expect(conf).toContain(one.secretFile);
    expect(await listing(dir.path)).toEqual(
      expect.arrayContaining(['.env.one', '.env.two', '.nso-multi/state.json', '.nso-multi/one/logs']),
    );
    // The secret is in its file only: not in the state, the env file, the ncs.conf or any output.
    const secretText = await readFile(one.secretFile, 'utf8');
    expect(secretText).toMatch(/^[A-Za-z0-9_-]{64}$/);
    for (const file of ['.nso-multi/state.json', '.env.one', '.nso-multi/one/ncs.conf']) {
      expect(await readFile(join(dir.path, file), 'utf8')).not.toContain(secretText);
    }
    expect(result.stdout).not.toContain(secretText);
    const table = await runCli(['render'], dir.path);
    expect(table.stdout + table.stderr).not.toContain(secretText);
  });

  it('gives every instance the same ports on the next run and keeps the secret', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec());
    const first = JSON.parse((await runCli(['render', '--json'], dir.path)).stdout);
    const secret = await readFile(first.instances[0].secretFile, 'utf8');
    const second = await runCli(['render', '--json'], dir.path);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).instances).toEqual(first.instances);
    expect(await readFile(first.instances[0].secretFile, 'utf8')).toBe(secret);
  });

  it('moves a port a foreign listener took since the last run, and says so', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec());
    const first = JSON.parse((await runCli(['render', '--json'], dir.path)).stdout);
    const squatter = await listen(first.instances[0].ports.netconfSsh);
    cleanups.push(squatter.close);
    const second = await runCli(['render', '--json'], dir.path);
    expect(second.code).toBe(0);
    const moved = JSON.parse(second.stdout).instances[0].ports.netconfSsh;
    expect(moved).not.toBe(squatter.port);
    expect(second.stderr).toContain(
      `one netconfSsh: port ${squatter.port} is in use on this host; using ${moved}`,
    );
  });

  it('fails with exit 1 naming instance, listener and port when a pinned port is in use', async () => {
    const squatter = await listen(0);
    cleanups.push(squatter.close);
    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      `layout: { base: ${BASE}, stride: 10 }\ninstances:\n  - name: one\n    ports: { cliSsh: ${squatter.port} }\n`,
    );
    const result = await runCli(['render'], dir.path);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`instance one: cliSsh port ${squatter.port} (pinned) is in use`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await listing(dir.path)).toEqual(['nso-multi.yaml']);
  });

  it('plan prints the same plan and writes nothing', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec());
    const planned = await runCli(['plan', '--json'], dir.path);
    expect(planned.code).toBe(0);
    expect(await listing(dir.path)).toEqual(['nso-multi.yaml']);
    const rendered = await runCli(['render', '--json'], dir.path);
    expect(JSON.parse(rendered.stdout).instances).toEqual(JSON.parse(planned.stdout).instances);
  });

  it('prints a table for people', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec());
    const result = await runCli(['render'], dir.path);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/INSTANCE\s+IPC\s+NETCONF-SSH/);
    expect(result.stdout).toMatch(new RegExp(`one\\s+127\\.0\\.0\\.1:${BASE + 10}\\s+${BASE + 11}`));
    expect(result.stdout).toContain('./.env.one');
  });

  it('reports every spec problem as FILE:LINE:COL with exit 2 and writes nothing', async () => {
    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      'instances:\n  - name: one\n    ports: { ipc: 70000 }\n  - name: one\n    netconff: {}\n',
    );
    const result = await runCli(['render'], dir.path);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nso-multi\.yaml:3:\d+: instances\.0\.ports\.ipc: /);
    expect(result.stderr).toMatch(/nso-multi\.yaml:4:\d+: instances\.1\.name: /);
    expect(result.stderr).toMatch(/nso-multi\.yaml:5:\d+: instances\.1\.netconff: .*did you mean `netconf`/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await listing(dir.path)).toEqual(['nso-multi.yaml']);
  });

  it('finds the spec from a subfolder and takes -c FILE', async () => {
    await writeFile(join(dir.path, 'package.json'), '{"name":"x"}');
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec());
    execFileSync('mkdir', ['-p', join(dir.path, 'sub', 'deeper')]);
    const found = await runCli(['plan', '--json'], join(dir.path, 'sub', 'deeper'));
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout).specFile).toBe(join(dir.path, 'nso-multi.yaml'));
    await writeFile(join(dir.path, 'sub', 'other.yaml'), spec().replace('project: lab', 'project: other'));
    const given = await runCli(['-c', 'sub/other.yaml', 'plan', '--json'], dir.path);
    expect(JSON.parse(given.stdout).project).toBe('other');
  });

  it('says how to start when there is no spec (exit 2)', async () => {
    await writeFile(join(dir.path, 'package.json'), '{"name":"x"}');
    const result = await runCli(['render'], dir.path);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nso-multi\.yaml/);
    expect(result.stderr).toMatch(/-c FILE/);
  });
});
