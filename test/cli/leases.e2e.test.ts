import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const SPEC = 'layout: { base: 27500, stride: 10 }\ninstances:\n  - name: one\n  - name: two\n';

let dir: { path: string; remove: () => Promise<void> };
let env: Record<string, string>;

beforeEach(async () => {
  dir = await tempDir();
  env = { NSO_MULTI_LEASE_DIR: join(dir.path, 'leases') };
  for (const project of ['a', 'b', 'c']) {
    await mkdir(join(dir.path, project));
    await writeFile(join(dir.path, project, 'nso-multi.yaml'), SPEC);
  }
});
afterEach(async () => {
  for (const project of ['a', 'b', 'c']) await runCli(['down'], join(dir.path, project), env);
  await dir.remove();
});

const ports = async (project: string, args = ['render', '--json']) => {
  const result = await runCli(args, join(dir.path, project), env);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).instances.flatMap((i: { ports: Record<string, number | null> }) =>
    Object.values(i.ports).filter((port) => port !== null),
  );
};

describe('host-wide leases', () => {
  it('two projects with the same layout get disjoint ports although nothing listens yet', async () => {
    const a = await ports('a');
    const b = await ports('b');
    expect(a).toEqual([27510, 27511, 27512, 27513, 27520, 27521, 27522, 27523]);
    expect(b.filter((p: number) => a.includes(p))).toEqual([]);
    // Stable: the leases are kept across renders, up and down.
    expect(await ports('a')).toEqual(a);
    expect(await ports('b')).toEqual(b);
  });

  it('plan reads the leases but takes none', async () => {
    const a = await ports('a');
    const planned = await ports('b', ['plan', '--json']);
    expect(planned.filter((p: number) => a.includes(p))).toEqual([]);
    const registry = JSON.parse(await readFile(join(env.NSO_MULTI_LEASE_DIR!, 'leases.json'), 'utf8'));
    expect(new Set(registry.leases.map((l: { project: string }) => l.project)).size).toBe(1);
  });

  it('down --purge gives the ports back; a deleted project frees its leases as stale (gc reports them)', async () => {
    const a = await ports('a');
    expect((await runCli(['down', '--purge'], join(dir.path, 'a'), env)).code).toBe(0);
    expect(await ports('b')).toEqual(a);

    // Project b disappears without purge: its leases go stale (owner dead, no state) and gc frees them.
    const { rm } = await import('node:fs/promises');
    await rm(join(dir.path, 'b', '.nso-multi'), { recursive: true });
    const dry = await runCli(['gc', '--dry-run', '--json'], dir.path, env);
    expect(
      JSON.parse(dry.stdout)
        .reclaimed.map((l: { port: number }) => l.port)
        .sort(),
    ).toEqual(a);
    const freed = await runCli(['gc'], dir.path, env);
    expect(freed.stdout).toContain('8 stale lease(s) freed, 0 held');
    expect(await ports('c')).toEqual(a);
  });

  it('a port leased by another project is never pinned silently', async () => {
    const a = await ports('a');
    await writeFile(join(dir.path, 'b', 'nso-multi.yaml'), `${SPEC}    ports: { ipc: ${a[0]} }\n`);
    const result = await runCli(['render'], join(dir.path, 'b'), env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `instance two: ipc port ${a[0]} (pinned) is leased by another nso-multi project`,
    );
  });
});
