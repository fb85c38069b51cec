// Reuse across test workers and runs on real NSO 6.2.5: the three files of one vitest run (three worker
// processes) share one 2-instance cluster, a second `vitest run` takes the same daemons, a changed spec starts
// another cluster, and the keepers stop both once idle. cluster.reload() reloads a reused cluster's packages.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { waitUntil } from '../../src/host/wait-until.js';
import { startCluster } from '../../src/testing/start-cluster.js';
import { tempDir } from '../helpers/cli.js';
import { killProcessesMentioning, processesMentioning } from '../helpers/processes.js';
import { runReuseSuite } from '../helpers/reuse-suite.js';
import { describeNso, nsoEnv, shell } from './nso.js';

// How long a cluster stays up after its last user: long enough for the next `vitest run` to start on a loaded
// CI runner, so that it finds the cluster still there.
const IDLE_MS = 30_000;

const spec = (instances: string[]) =>
  `project: reuse-real\ninstances:\n${instances.map((i) => `  - name: ${i}\n`).join('')}`;

describeNso('reused clusters on real NSO', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    dir = await tempDir('nso-multi-reuse-real-');
    env = nsoEnv({ NSO_MULTI_LEASE_DIR: join(dir.path, 'leases') });
  });
  afterEach(async () => {
    await killProcessesMentioning(dir.path);
    await dir.remove();
  });
  const reuseDirs = async () =>
    (await readdir(join(dir.path, 'leases', 'reuse')).catch(() => [] as string[])).filter(
      (d) => d !== 'specs',
    );

  test("one run's workers share a cluster, the next run reuses it, a changed spec starts another", async () => {
    const file = join(dir.path, 'nso-multi.yaml');
    await writeFile(file, spec(['a', 'b']));
    const run = () => runReuseSuite({ spec: file, dir: dir.path, env, sim: false, idleMs: IDLE_MS });
    const first = await run();
    expect(first.code, first.out).toBe(0);
    expect(new Set(first.seen.map((s) => s.worker)).size).toBe(3);
    expect(new Set(first.seen.map((s) => s.daemons.join())).size).toBe(1);
    expect(first.seen.filter((s) => !s.reused)).toHaveLength(1);

    const second = await run();
    expect(second.code, second.out).toBe(0);
    expect(second.seen.every((s) => s.reused)).toBe(true);
    expect(second.seen[0]!.daemons).toEqual(first.seen[0]!.daemons);
    // The daemons are real NSO: ncs --status through the instance's env file (in the reuse folder) answers.
    const work = join(dir.path, 'leases', 'reuse', (await reuseDirs())[0]!, 'work');
    // The whole output first: `ncs --status | head` would not end (ncs keeps running once its reader is gone).
    const status = await shell(
      `. ${work}/.env.a && s=$(ncs --status) && printf '%s\\n' "$s" | head -n 1`,
      dir.path,
    );
    expect(status.stdout).toContain('vsn: 6.2.5');

    await writeFile(file, spec(['a', 'b', 'c']));
    const changed = await run();
    expect(changed.code, changed.out).toBe(0);
    expect(changed.seen.filter((s) => !s.reused)).toHaveLength(1);
    expect(changed.seen[0]!.daemons).toHaveLength(3);
    expect(changed.seen[0]!.daemons).not.toContain(first.seen[0]!.daemons[0]);

    // Both idle for IDLE_MS: their keepers stop the daemons and remove the folders.
    const gone = await waitUntil(
      async () => (await processesMentioning(dir.path)).length === 0 && (await reuseDirs()).length === 0,
      IDLE_MS + 60_000,
      500,
    );
    expect(gone).toBe(true);
  }, 400_000);

  test('cluster.reload() reloads the packages of a reused cluster; idleMs 0 stops it with its last user', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec(['a']));
    const cluster = await startCluster({ cwd: dir.path, env, reuse: { idleMs: 0 } });
    const result = await cluster.reload();
    expect(result.outcomes).toEqual([
      expect.objectContaining({ instance: 'a', result: 'reloaded', packages: [] }),
    ]);
    await cluster.stop();
    expect(await reuseDirs()).toEqual([]);
    // The daemon is stopped by then; the keeper sees its folder gone at its next look (every second).
    expect(await waitUntil(async () => (await processesMentioning(dir.path)).length === 0, 5000, 200)).toBe(
      true,
    );
  }, 120_000);

  // The connect-timeout an instance's running configuration holds ('' when it holds none).
  const connectTimeout = async (envFile: string) =>
    (
      await shell(
        `. ${envFile} && echo 'show running-config devices global-settings connect-timeout' | ncs_cli -C -u admin`,
        dir.path,
      )
    ).stdout.match(/connect-timeout (\d+)/)?.[1] ?? '';
  const commitTimeout = (envFile: string, seconds: number) =>
    shell(
      `. ${envFile} && echo 'config; devices global-settings connect-timeout ${seconds}; commit' | ncs_cli -s -C -u admin`,
      dir.path,
    );

  test("reset 'config' gives each later user the configuration the cluster started with", async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec(['a', 'b']));
    const take = () => startCluster({ cwd: dir.path, env, reuse: { idleMs: 0, reset: 'config' } });
    const first = await take();
    const a = first.instance('a').envFile;
    const started = await connectTimeout(a);
    expect(started).toMatch(/^\d+$/);
    expect(started).not.toBe('41');
    expect((await commitTimeout(a, 41)).code).toBe(0);
    expect(await connectTimeout(a)).toBe('41');
    const second = await take();
    expect(second.reused).toBe(true);
    expect(await connectTimeout(a)).toBe(started);
    await first.stop();
    await second.stop();
  }, 120_000);

  test("reset 'config' on an HA Raft cluster restores the leader, and the followers follow", async () => {
    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      `project: reuse-raft\ndefaults: { haRaft: { enabled: true } }\ninstances:\n  - name: n1\n  - name: n2\n  - name: n3\n`,
    );
    const take = () => startCluster({ cwd: dir.path, env, reuse: { idleMs: 0, reset: 'config' } });
    const first = await take();
    const leader = await first.leader();
    const started = await connectTimeout(leader.envFile);
    expect(started).toMatch(/^\d+$/);
    expect(started).not.toBe('42');
    const commit = await commitTimeout(leader.envFile, 42);
    expect(commit.code, commit.stdout + commit.stderr).toBe(0);
    expect(await connectTimeout(leader.envFile)).toBe('42');
    // Replicated to the followers (seconds on a loaded runner).
    const follower = first.instances.find((i) => i.name !== leader.name)!.envFile;
    expect(await waitUntil(async () => (await connectTimeout(follower)) === '42', 60_000, 500)).toBe(true);
    const second = await take();
    expect(await waitUntil(async () => (await connectTimeout(follower)) === started, 60_000, 500)).toBe(true);
    expect(await connectTimeout(leader.envFile)).toBe(started);
    await first.stop();
    await second.stop();
  }, 240_000);
});
