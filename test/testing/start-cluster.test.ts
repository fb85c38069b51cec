import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isListening } from '../../src/host/port-listening.js';
import { isAlive, signalGroup } from '../../src/host/process-identity.js';
import { waitUntil } from '../../src/host/wait-until.js';
import { openLeaseRegistry } from '../../src/leases/lease-registry.js';
import { instanceProcessEnv } from '../../src/ncs/instance-process-env.js';
import { LISTENER_KEYS } from '../../src/nso/listeners.js';
import { readState } from '../../src/state/state-file.js';
import { type StartedCluster, startCluster } from '../../src/testing/start-cluster.js';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';
import { processesMentioning } from '../helpers/processes.js';

const RACING_NCS = join(REPO_ROOT, 'test', 'fixtures', 'ncs', 'racing-ncs.sh');
const VITEST = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs');

const accepts = (port: number) => isListening('127.0.0.1', port);

const spec = (base: number, extra = '') => ({
  layout: { base, stride: 10 },
  instances: [{ name: 'one' }, { name: 'two', ...(extra ? { ports: { ipc: Number(extra) } } : {}) }],
});

const leftovers: string[] = [];
afterEach(async () => {
  for (const text of leftovers.splice(0)) {
    for (const pid of await processesMentioning(text)) signalGroup(pid, 'SIGKILL');
  }
});

// The process, listener and lease facts of a cluster, read from its state before it is gone.
async function footprint(cluster: StartedCluster) {
  const runDir = cluster.instances[0]!.runDir;
  const stateFile = join(runDir, '..', 'state.json');
  const state = await readState(stateFile);
  leftovers.push(join(runDir, '..'));
  return {
    stateFile,
    pids: Object.values(state!.instances).map((e) => e.runtime!),
    ports: cluster.instances.flatMap((i) => Object.values(i.ports).filter((p): p is number => p !== null)),
  };
}

describe('startCluster', () => {
  it('`await using` releases everything: no process, no listener, no lease', async () => {
    let seen: Awaited<ReturnType<typeof footprint>>;
    {
      await using cluster = await startCluster({ spec: spec(31100), sim: true });
      seen = await footprint(cluster);
      expect(cluster.instance('two').env.NCS_IPC_PORT).toBe(String(cluster.instance('two').ports.ipc));
      // A child environment as the env file makes it: stray IPC variables gone, the instance's set.
      const child = instanceProcessEnv(
        { CONFD_IPC_ACCESS_FILE: '/stray', KEEP: 'k' },
        cluster.instance('two'),
      );
      expect(child).toMatchObject({ KEEP: 'k', NCS_IPC_PORT: String(cluster.instance('two').ports.ipc) });
      expect(child).not.toHaveProperty('CONFD_IPC_ACCESS_FILE');
      // Every listener key is there; the bundled template enables none of the extra ones.
      expect(Object.keys(cluster.instance('one').ports).sort()).toEqual([...LISTENER_KEYS].sort());
      expect(cluster.instance('one').ports.webuiTcp).toBeNull();
      for (const port of seen.ports) expect(await accepts(port)).toBe(true);
      expect(() => cluster.instance('three')).toThrow(/no instance three/);
    }
    for (const runtime of seen.pids) expect(await isAlive(runtime)).toBe(false);
    for (const port of seen.ports) expect(await accepts(port)).toBe(false);
    const leases = await openLeaseRegistry().read();
    expect(leases.filter((l) => l.project === seen.stateFile)).toEqual([]);
  });

  it('stop() is idempotent and safe to call concurrently', async () => {
    const cluster = await startCluster({ spec: spec(31150), sim: true });
    const seen = await footprint(cluster);
    await Promise.all([cluster.stop(), cluster.stop(), cluster.stop({ purge: true })]);
    await cluster.stop();
    for (const runtime of seen.pids) expect(await isAlive(runtime)).toBe(false);
  });

  it('a start that fails part-way stops what it started and says which instance failed and why', async () => {
    const dir = await tempDir();
    leftovers.push(dir.path);
    try {
      process.env.SQUAT_INSTANCE = 'two';
      process.env.SQUAT_VAR = 'NCS_IPC_PORT';
      process.env.SQUAT_MARK = join(dir.path, 'squat');
      const error = await startCluster({ spec: spec(31200, '31299'), ncs: RACING_NCS, cwd: dir.path }).catch(
        (e) => e,
      );
      expect(error.code).toBe('START_FAILED');
      expect(error.message).toMatch(/two: exit 20: failed to bind a socket/);
      expect(error.message).toContain('31299');
      const state = await readState(join(dir.path, '.nso-multi', 'state.json'));
      for (const entry of Object.values(state!.instances)) {
        if (entry.runtime) expect(await isAlive(entry.runtime)).toBe(false);
      }
      expect(await processesMentioning(join(dir.path, '.nso-multi'))).toEqual([]);
    } finally {
      delete process.env.SQUAT_INSTANCE;
      delete process.env.SQUAT_VAR;
      const squatter = Number(await readFile(join(dir.path, 'squat.pid'), 'utf8').catch(() => '0'));
      if (squatter > 1) signalGroup(squatter, 'SIGKILL');
      delete process.env.SQUAT_MARK;
      await dir.remove();
    }
  });
});

function vitestRun(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VITEST, 'run', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, CI: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('nso-multi/vitest', () => {
  it('tears the cluster down after a suite whose test fails', { timeout: 150_000 }, async () => {
    const dir = await tempDir();
    try {
      const record = join(dir.path, 'cluster.json');
      const config = join(REPO_ROOT, 'test', 'fixtures', 'failing-suite', 'vitest.config.ts');
      const result = await vitestRun(['--config', config], { NSO_MULTI_RECORD: record });
      expect(result.code, result.out).toBe(1);
      expect(result.out).toContain('failing on purpose');
      const instances = JSON.parse(await readFile(record, 'utf8')) as {
        runDir: string;
        ports: { ipc: number };
      }[];
      expect(instances).toHaveLength(1);
      leftovers.push(instances[0]!.runDir);
      expect(await accepts(instances[0]!.ports.ipc)).toBe(false);
      expect(
        await waitUntil(async () => (await processesMentioning(instances[0]!.runDir)).length === 0, 5000),
      ).toBe(true);
    } finally {
      await dir.remove();
    }
  });

  it('two runs of the example suite at once on one host do not collide', { timeout: 150_000 }, async () => {
    // Their isolated workdirs land in our temp folder, so what they leave behind can be told apart.
    const dir = await tempDir();
    leftovers.push(dir.path);
    try {
      const env = { TMPDIR: dir.path };
      const [a, b] = await Promise.all([
        vitestRun(['--project', 'example'], env),
        vitestRun(['--project', 'example'], env),
      ]);
      expect(a.code, a.out).toBe(0);
      expect(b.code, b.out).toBe(0);
      // A watchdog notices within a poll that its instances are gone; give it that long.
      expect(await waitUntil(async () => (await processesMentioning(dir.path)).length === 0, 5000)).toBe(
        true,
      );
    } finally {
      await dir.remove();
    }
  });

  it('when the vitest process dies without teardown, the watchdog stops the instances', {
    timeout: 150_000,
  }, async () => {
    const dir = await tempDir();
    try {
      const record = join(dir.path, 'cluster.json');
      const config = join(REPO_ROOT, 'test', 'fixtures', 'hanging-suite', 'vitest.config.ts');
      const child = spawn(process.execPath, [VITEST, 'run', '--config', config], {
        cwd: REPO_ROOT,
        env: { ...process.env, NSO_MULTI_RECORD: record, CI: '1' },
        stdio: 'ignore',
        detached: true,
      });
      let instances: { runDir: string; ports: { ipc: number } }[] = [];
      try {
        const recorded = async () => {
          const text = await readFile(record, 'utf8').catch(() => '');
          if (text !== '') instances = JSON.parse(text);
          return text !== '';
        };
        expect(await waitUntil(recorded, 90_000, 200)).toBe(true);
        leftovers.push(instances[0]!.runDir);
        expect(await accepts(instances[0]!.ports.ipc)).toBe(true);
        // vitest's main process dies at once: no teardown runs.
        process.kill(child.pid!, 'SIGKILL');
      } finally {
        signalGroup(child.pid!, 'SIGKILL');
      }
      const gone = async () => (await processesMentioning(instances[0]!.runDir)).length === 0;
      expect(await waitUntil(gone, 20_000, 200)).toBe(true);
      expect(await accepts(instances[0]!.ports.ipc)).toBe(false);
    } finally {
      // No teardown ran, so the cluster's isolated temp workdir is still there: ours to remove.
      const runDir = (
        JSON.parse(await readFile(join(dir.path, 'cluster.json'), 'utf8').catch(() => '[]')) as {
          runDir: string;
        }[]
      )[0]?.runDir;
      if (runDir?.includes('nso-multi-cluster-')) await rm(dirname(runDir), { recursive: true, force: true });
      await dir.remove();
    }
  });
});
