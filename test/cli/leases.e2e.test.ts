import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';

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
    // a only renders: its leases yield to a pin, but generated ports keep off them while others are free.
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
    // One line per project, its ports as ranges.
    const stateB = join(dir.path, 'b', '.nso-multi', 'state.json');
    expect(freed.stdout).toContain(`freed 8 port(s) of ${stateB}: ${a[0]}-${a[3]}, ${a[4]}-${a[7]}\n`);
    expect(await ports('c')).toEqual(a);
  });

  it('a stopped project yields a pinned port, with a warning, and moves it loudly on its next render', async () => {
    const a = await ports('a');
    await writeFile(join(dir.path, 'b', 'nso-multi.yaml'), `${SPEC}    ports: { ipc: ${a[0]} }\n`);
    const taken = await runCli(['render'], join(dir.path, 'b'), env);
    expect(taken.code, taken.stderr).toBe(0);
    const stateA = join(dir.path, 'a', '.nso-multi', 'state.json');
    expect(taken.stderr).toContain(
      `warning: two ipc: took over port ${a[0]}, leased by the project of ${stateA}, which runs nothing; that project moves it on its next render`,
    );
    const again = await runCli(['render', '--json'], join(dir.path, 'a'), env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(
      `one ipc: port ${a[0]} is leased by another nso-multi project (which runs nothing); using`,
    );
    expect(JSON.parse(again.stdout).instances[0].ports.ipc).not.toBe(a[0]);
  });

  it('a running project holds its ports: a pin on one of them is refused', async () => {
    const a = await ports('a');
    const up = await runCli(['up', '--sim'], join(dir.path, 'a'), env);
    expect(up.code, up.stderr).toBe(0);
    await writeFile(join(dir.path, 'b', 'nso-multi.yaml'), `${SPEC}    ports: { ipc: ${a[0]} }\n`);
    const result = await runCli(['render'], join(dir.path, 'b'), env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `instance two: ipc port ${a[0]} (pinned) is leased by another nso-multi project`,
    );
  });

  it("the README's quickstart runs in a second clone after a plain down in the first", async () => {
    // Its pins and layout moved into this file's ports, as other test files run the example itself meanwhile.
    const example = (await readFile(join(REPO_ROOT, 'instances.example.yaml'), 'utf8'))
      .replace('base: 20000', 'base: 27600')
      .replace('ipc: 21001', 'ipc: 27591')
      .replace('netconfTcp: 21002', 'netconfTcp: 27592');
    expect(example).toContain('ipc: 27591');
    const clones = ['clone1', 'clone2'].map((name) => join(dir.path, name));
    for (const clone of clones) {
      await mkdir(clone);
      await writeFile(join(clone, 'instances.example.yaml'), example);
    }
    const quickstart = (clone: string, ...command: string[]) =>
      runCli(['-c', 'instances.example.yaml', ...command], clone, env);
    try {
      expect((await quickstart(clones[0]!, 'up', '--sim')).code).toBe(0);
      expect((await quickstart(clones[0]!, 'down')).code).toBe(0);
      const second = await quickstart(clones[1]!, 'up', '--sim');
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toMatch(
        /warning: instance3 ipc: took over port 27591, leased by the project of .*clone1.*, which runs nothing/,
      );
    } finally {
      for (const clone of clones)
        await runCli(['-c', 'instances.example.yaml', 'down', '--purge'], clone, env);
    }
  });
});
