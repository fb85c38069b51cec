// startCluster({ reuse }) on the simulator: the workers of one vitest run share one cluster, a second run takes
// it again, a changed spec gets a cluster of its own; the keeper stops a cluster once idle, also after its user
// crashed; gc stops one whose keeper is gone; with idleMs 0 the last user stops it. The same on real NSO is
// test/real-nso/reuse.test.ts.
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAlive } from '../../src/host/process-identity.js';
import { waitUntil } from '../../src/host/wait-until.js';
import { gc } from '../../src/project/gc.js';
import { readReuse } from '../../src/project/reuse-registry.js';
import { startCluster } from '../../src/testing/start-cluster.js';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';
import { killProcessesMentioning, processesMentioning } from '../helpers/processes.js';
import { runReuseSuite } from '../helpers/reuse-suite.js';

// Ports of this file: 32600-32699.
const specText = (extra = '') =>
  `project: reuse-lab\nlayout: { base: 32600, stride: 10 }\ninstances:\n  - name: a\n  - name: b\n${extra}`;

let dir: { path: string; remove: () => Promise<void> };
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  dir = await tempDir('nso-multi-reuse-');
  await writeFile(join(dir.path, 'nso-multi.yaml'), specText());
  env = { ...process.env, NSO_MULTI_LEASE_DIR: join(dir.path, 'leases') };
});
afterEach(async () => {
  // Keepers and daemons all name the temp folder on their command line or run in it.
  await killProcessesMentioning(dir.path);
  await dir.remove();
});

const reuseDirs = async () =>
  (await readdir(join(dir.path, 'leases', 'reuse')).catch(() => [] as string[])).filter((d) => d !== 'specs');
// How long the suite's cluster idles before its keeper stops it: long enough for the next `vitest run` to
// start on a loaded CI runner and find it.
const SUITE_IDLE_MS = 15_000;

const nothingLeft = (withinMs = 15_000) =>
  waitUntil(
    async () => (await processesMentioning(dir.path)).length === 0 && (await reuseDirs()).length === 0,
    withinMs,
    200,
  );

const runSuite = (idleMs: number) =>
  runReuseSuite({
    spec: join(dir.path, 'nso-multi.yaml'),
    dir: dir.path,
    env,
    sim: true,
    idleMs,
    timeoutMs: 120_000,
  });

describe('startCluster({ reuse })', () => {
  it('the workers of a run share one cluster, the next run takes it again, a changed spec gets its own', {
    timeout: 120_000,
  }, async () => {
    const first = await runSuite(SUITE_IDLE_MS);
    expect(first.code, first.out).toBe(0);
    expect(first.seen).toHaveLength(3);
    // Three worker processes, one cluster: one file started it, the others found it running.
    expect(new Set(first.seen.map((s) => s.worker)).size).toBe(3);
    expect(new Set(first.seen.map((s) => s.daemons.join()))).toEqual(
      new Set([first.seen[0]!.daemons.join()]),
    );
    expect(first.seen.filter((s) => !s.reused)).toHaveLength(1);
    // The reset hook runs for every file that took a used cluster, and only then.
    expect(first.resets.sort()).toEqual(
      first.seen
        .filter((s) => s.reused)
        .map((s) => s.file)
        .sort(),
    );

    const second = await runSuite(SUITE_IDLE_MS);
    expect(second.code, second.out).toBe(0);
    expect(second.seen.every((s) => s.reused)).toBe(true);
    expect(second.seen.map((s) => s.daemons.join())).toEqual(Array(3).fill(first.seen[0]!.daemons.join()));

    // Another spec (one instance more) is another key: a cluster of its own, beside the first while it idles.
    await writeFile(join(dir.path, 'nso-multi.yaml'), specText('  - name: c\n'));
    const changed = await runSuite(SUITE_IDLE_MS);
    expect(changed.code, changed.out).toBe(0);
    expect(changed.seen.filter((s) => !s.reused)).toHaveLength(1);
    expect(changed.seen[0]!.daemons).toHaveLength(3);
    expect(changed.seen[0]!.daemons).not.toContain(first.seen[0]!.daemons[0]);

    // Idle with nobody using them: their keepers stop both, folders, daemons and leases gone.
    expect(await nothingLeft(SUITE_IDLE_MS + 15_000)).toBe(true);
    const leases = JSON.parse(await readFile(join(dir.path, 'leases', 'leases.json'), 'utf8')) as {
      leases: unknown[];
    };
    expect(leases.leases).toEqual([]);
  });

  it('a user that crashes counts as gone: the keeper stops the cluster after its idle time', {
    timeout: 60_000,
  }, async () => {
    const script = `
      import { startCluster } from ${JSON.stringify(join(REPO_ROOT, 'dist', 'index.js'))};
      const c = await startCluster({ config: 'nso-multi.yaml', sim: true, reuse: { idleMs: 1000 } });
      console.log(c.instances[0].runDir);
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir.path,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    expect(await waitUntil(() => out.includes('/work/a'), 30_000, 100)).toBe(true);
    const [key] = await reuseDirs();
    const record = await readReuse(join(dir.path, 'leases', 'reuse', key!));
    expect(record?.users.map((u) => u.pid)).toEqual([child.pid]);
    child.kill('SIGKILL');
    expect(await nothingLeft()).toBe(true);
    expect(await isAlive(record!.keeper!)).toBe(false);
  });

  it('without its keeper, gc stops an idle cluster', { timeout: 60_000 }, async () => {
    const cluster = await startCluster({ cwd: dir.path, sim: true, env, reuse: { idleMs: 300 } });
    const [key] = await reuseDirs();
    const folder = join(dir.path, 'leases', 'reuse', key!);
    const keeper = (await readReuse(folder))!.keeper!;
    process.kill(keeper.pid, 'SIGKILL');
    await cluster.stop();
    // Still in use by nobody but not idle long enough yet: gc leaves it.
    const early = await gc({ leaseDir: join(dir.path, 'leases') });
    expect(early.reused).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const result = await gc({ leaseDir: join(dir.path, 'leases') });
    expect(result.reused).toEqual([{ key: key!, project: 'reuse-lab', dir: folder }]);
    expect(await nothingLeft()).toBe(true);
  });

  it('with idleMs 0 the last user to give it back stops it; a reset that throws gives it back and rejects', {
    timeout: 60_000,
  }, async () => {
    const take = (reset?: () => void) =>
      startCluster({ cwd: dir.path, sim: true, env, reuse: { idleMs: 0, ...(reset ? { reset } : {}) } });
    const first = await take();
    const second = await take();
    expect(second.reused).toBe(true);
    await expect(
      take(() => {
        throw new Error('reset failed');
      }),
    ).rejects.toThrow('reset failed');
    await first.stop();
    expect((await processesMentioning(first.instances[0]!.runDir)).length).toBeGreaterThan(0);
    await second.stop();
    await second.stop();
    expect(await nothingLeft()).toBe(true);
  });

  it("reset 'config' is refused on the simulator, which keeps no configuration, before anything starts", async () => {
    await expect(
      startCluster({ cwd: dir.path, sim: true, env, reuse: { reset: 'config' } }),
    ).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining("reuse.reset 'config'") });
    expect(await reuseDirs()).toEqual([]);
  });
});
