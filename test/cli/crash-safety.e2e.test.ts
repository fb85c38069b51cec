// Crash safety of `up`: SIGKILL it at some moment, then a later `down` (or `gc` on its own) must find and
// stop every daemon that run started, and `down --purge` must leave no lease of the project behind. Also
// `up --watch-owner`, which covers the crash of the process the instances belong to.
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAlive, type ProcessIdentity, processStartTime } from '../../src/host/process-identity.js';
import { waitUntil } from '../../src/host/wait-until.js';
import { readState } from '../../src/state/state-file.js';
import { CLI, type CliResult, REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';

const RACING_NCS = join(REPO_ROOT, 'test', 'fixtures', 'ncs', 'racing-ncs.sh');
const SIM_BIN = join(REPO_ROOT, 'dist', 'sim', 'bin.js');

// Two crash windows this file once found open, each covered by a test at the end: a SIGKILL between spawning
// a daemon and recording its pid (closed by the start gate in start-instance.ts), and one between leasing the
// ports and writing the state file (closed by `down --purge` dropping a stateless project's leases).

let root: { path: string; remove: () => Promise<void> };
/** The `up` runs (each leading its own group) and owner stand-ins a test started, with their start times. */
const started: Promise<ProcessIdentity | undefined>[] = [];

// The identity of a process just spawned; undefined when it is gone already (then it is not signalled again).
async function identify(pid: number | undefined): Promise<ProcessIdentity | undefined> {
  const startTime = pid === undefined ? undefined : await processStartTime(pid);
  return pid === undefined || startTime === undefined ? undefined : { pid, startTime };
}

beforeEach(async () => {
  root = await tempDir('nso-multi-crash-');
});

// Everything a test left, also when it failed: the `up` groups, the recorded daemons and watchdogs, then
// every process naming the test's folder in its command line or environment (stragglers, control commands).
afterEach(async () => {
  const own = (await Promise.all(started.splice(0))).filter((p) => p !== undefined);
  for (const p of await alive(own)) killGroup(p.pid);
  for (const name of await readdir(root.path)) {
    const state = await readState(join(root.path, name, '.nso-multi', 'state.json')).catch(() => undefined);
    const recordedProcesses = [
      ...Object.values(state?.instances ?? {}).flatMap((e) => (e.runtime ? [e.runtime] : [])),
      ...(state?.watchdog ? [state.watchdog] : []),
    ];
    for (const p of await alive(recordedProcesses)) killGroup(p.pid);
  }
  const stragglers = async () => {
    const pids = await processesNaming(root.path, ['cmdline', 'environ']);
    for (const pid of pids) killGroup(pid);
    return pids.length === 0;
  };
  await waitUntil(stragglers, 10_000, 100);
  await root.remove();
});

function killGroup(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Not a group leader, or gone already.
    }
  }
}

// The live processes whose command line (or other /proc file) contains `text`.
async function processesNaming(text: string, files = ['cmdline']): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((e) => /^\d+$/.test(e)).map(Number);
  const found: number[] = [];
  for (const pid of pids) {
    if (pid === process.pid) continue;
    for (const file of files) {
      const content = await readFile(`/proc/${pid}/${file}`, 'utf8').catch(() => '');
      if (content.includes(text)) {
        found.push(pid);
        break;
      }
    }
  }
  return found;
}

interface Project {
  dir: string;
  stateFile: string;
  env: Record<string, string>;
}

// A project folder under the test's folder, with a private lease registry shared by the test's projects.
async function project(name: string, base: number, instances = 2): Promise<Project> {
  const dir = join(root.path, name);
  await mkdir(dir);
  const names = ['one', 'two', 'three'].slice(0, instances).map((n) => `  - name: ${n}\n`);
  await writeFile(
    join(dir, 'nso-multi.yaml'),
    `layout: { base: ${base}, stride: 10 }\ninstances:\n${names.join('')}`,
  );
  const env = { NSO_MULTI_LEASE_DIR: join(root.path, 'leases'), SIM_BIN };
  return { dir, stateFile: join(dir, '.nso-multi', 'state.json'), env };
}

interface UpRun {
  pid: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

// Starts `nso-multi up ARGS` as the leader of its own process group, so a test can kill it with its helpers.
function startUp(p: Project, args: string[], env: Record<string, string> = {}): UpRun {
  const child = spawn(process.execPath, [CLI, 'up', ...args], {
    cwd: p.dir,
    env: { ...process.env, NO_COLOR: '1', ...p.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  started.push(identify(child.pid));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { pid: child.pid!, stderr: () => stderr, exited };
}

// SIGKILL to `up` and its group (its `ncs --wait-started` helpers), as a cancelled CI job or a closed
// terminal does; the daemons lead groups of their own, so only what `up` recorded can find them again.
async function crash(run: UpRun): Promise<void> {
  killGroup(run.pid);
  await run.exited;
}

async function recorded(p: Project): Promise<ProcessIdentity[]> {
  const state = await readState(p.stateFile).catch(() => undefined);
  return Object.values(state?.instances ?? {}).flatMap((e) => (e.runtime ? [e.runtime] : []));
}

async function alive(identities: ProcessIdentity[]): Promise<ProcessIdentity[]> {
  const flags = await Promise.all(identities.map((i) => isAlive(i)));
  return identities.filter((_, i) => flags[i]);
}

// Every recorded daemon is dead and no process runs from the project's folder, but for the known gap.
async function expectNothingRunning(p: Project, context: string): Promise<void> {
  const daemons = await recorded(p);
  expect(await alive(daemons), context).toEqual([]);
  expect(await processesNaming(p.dir), context).toEqual([]);
}

async function projectLeases(p: Project): Promise<{ project: string; port: number }[]> {
  const text = await readFile(join(p.env.NSO_MULTI_LEASE_DIR!, 'leases.json'), 'utf8').catch(() => '');
  const leases: { project: string; port: number }[] = text ? JSON.parse(text).leases : [];
  return leases.filter((l) => l.project === p.stateFile);
}

// `down --purge`, then: no lease of the project is left, and gc finds none of it stale.
async function expectPurgedWithoutLeases(p: Project, context: string): Promise<void> {
  const purged = await runCli(['down', '--purge'], p.dir, p.env);
  expect(purged.code, `${context}: ${purged.stderr}`).toBe(0);
  const leases = await projectLeases(p);
  const dry = await runCli(['gc', '--dry-run', '--json'], root.path, p.env);
  expect(dry.code, dry.stderr).toBe(0);
  const stale = (JSON.parse(dry.stdout).reclaimed as { project: string }[]).filter(
    (l) => l.project === p.stateFile,
  );
  expect(leases, context).toEqual([]);
  expect(stale, context).toEqual([]);
}

function expectDown(result: CliResult, context: string): void {
  expect(result.code, `${context}: ${result.stderr}`).toBe(0);
  expect(result.stdout, context).not.toContain('NOT stopped');
}

const waitingLine = (name = '\\w+') => new RegExp(`${name}: pid \\d+, waiting until ready`);

describe('SIGKILL of up, then down or gc', () => {
  it('(a) right after the first daemon was spawned: down stops every daemon, purge leaves no lease', async () => {
    const p = await project('a', 30000);
    const run = startUp(p, ['--ncs', RACING_NCS], { SLOW_START: '3' });
    expect(await waitUntil(() => waitingLine().test(run.stderr()), 15_000), run.stderr()).toBe(true);
    await crash(run);
    // The orphans exist: what follows is a real test of down.
    expect((await alive(await recorded(p))).length).toBeGreaterThan(0);
    expectDown(await runCli(['down'], p.dir, p.env), '(a) down');
    await expectNothingRunning(p, '(a) down');
    await expectPurgedWithoutLeases(p, '(a) down');
  });

  it('(a) the same crash: gc on its own stops the orphans', async () => {
    const p = await project('a', 30100);
    const run = startUp(p, ['--ncs', RACING_NCS], { SLOW_START: '3' });
    expect(await waitUntil(() => waitingLine().test(run.stderr()), 15_000), run.stderr()).toBe(true);
    await crash(run);
    const orphans = await alive(await recorded(p));
    expect(orphans.length).toBeGreaterThan(0);
    const collected = await runCli(['gc', '--json'], root.path, p.env);
    expect(collected.code, collected.stderr).toBe(0);
    const stopped = (JSON.parse(collected.stdout).orphans as { pid: number }[]).map((o) => o.pid).sort();
    expect(stopped).toEqual(orphans.map((o) => o.pid).sort());
    await expectNothingRunning(p, '(a) gc');
    await expectPurgedWithoutLeases(p, '(a) gc');
  });

  it('(b) one instance started, the next one starting, the last not yet: down stops both', async () => {
    const p = await project('b', 30200, 3);
    const run = startUp(p, ['--ncs', RACING_NCS, '--concurrency', '1'], { SLOW_START: '1' });
    const midway = () => /one: started/.test(run.stderr()) && waitingLine('two').test(run.stderr());
    expect(await waitUntil(midway, 15_000), run.stderr()).toBe(true);
    await crash(run);
    const state = await readState(p.stateFile);
    expect(state?.instances.one?.runtime?.status).toBe('running');
    expect(state?.instances.two?.runtime?.status).toBe('starting');
    expect(state?.instances.three?.runtime).toBeUndefined();
    expect(await alive(await recorded(p))).toHaveLength(2);
    expectDown(await runCli(['down'], p.dir, p.env), '(b) down');
    await expectNothingRunning(p, '(b) down');
    await expectPurgedWithoutLeases(p, '(b) down');
  });

  it('(c) at a random moment within the first 1.5 s: down stops whatever was started', async () => {
    for (let i = 0; i < 3; i++) {
      const p = await project(`c${i}`, 30300 + i * 100);
      const delayMs = Math.floor(Math.random() * 1500);
      const context = `(c) killed after ${delayMs} ms`;
      const run = startUp(p, ['--sim']);
      // The delay is the moment of the crash, not a wait for something.
      await Promise.race([run.exited, delay(delayMs)]);
      await crash(run);
      expectDown(await runCli(['down'], p.dir, p.env), context);
      await expectNothingRunning(p, context);
      await expectPurgedWithoutLeases(p, context);
    }
  });
});

describe('up --watch-owner PID', () => {
  // A stand-in for the job that owns the instances (a CI script, a test runner).
  function startOwner(): number {
    const owner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    started.push(identify(owner.pid));
    return owner.pid!;
  }

  async function statuses(p: Project): Promise<string[]> {
    const result = await runCli(['status', '--json'], p.dir, p.env);
    return JSON.parse(result.stdout).instances.map((i: { status: string }) => i.status);
  }

  async function upWatched(p: Project, owner: number): Promise<ProcessIdentity> {
    const result = await runCli(['up', '--sim', '--watch-owner', String(owner)], p.dir, p.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`once pid ${owner} exits`);
    const watchdog = (await readState(p.stateFile))?.watchdog;
    expect(watchdog?.owner.pid).toBe(owner);
    expect(await isAlive(watchdog!)).toBe(true);
    expect(await statuses(p)).toEqual(['running', 'running']);
    return watchdog!;
  }

  it('the owner killed: the watchdog stops both daemons, records them stopped, and exits', async () => {
    const p = await project('owned', 30800);
    const owner = startOwner();
    const watchdog = await upWatched(p, owner);
    const daemons = await recorded(p);
    process.kill(owner, 'SIGKILL');
    const allGone = async () => (await alive([...daemons, watchdog])).length === 0;
    expect(await waitUntil(allGone, 15_000, 100)).toBe(true);
    expect(await statuses(p)).toEqual(['stopped', 'stopped']);
    expect(await processesNaming(p.dir)).toEqual([]);
  });

  it('down by the user while the owner lives: the watchdog exits by itself', async () => {
    const p = await project('owned', 30900);
    const owner = startOwner();
    const watchdog = await upWatched(p, owner);
    expectDown(await runCli(['down'], p.dir, p.env), 'down');
    expect(await waitUntil(async () => !(await isAlive(watchdog)), 5000, 100)).toBe(true);
    expect(await isAlive({ pid: owner })).toBe(true);
  });

  it('an owner pid that does not run is a usage error, before anything is written', async () => {
    const p = await project('owned', 31000);
    const pidMax = Number(await readFile('/proc/sys/kernel/pid_max', 'utf8'));
    const result = await runCli(['up', '--sim', '--watch-owner', String(pidMax)], p.dir, p.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--watch-owner ${pidMax}: no such process`);
    expect(await readdir(p.dir)).toEqual(['nso-multi.yaml']);
  });
});

describe('crash windows that once leaked', () => {
  it('a crash right at a daemon start: the daemon starts only once recorded, so down finds it', async () => {
    const p = await project('gap-spawn', 30600, 1);
    // An ncs whose daemon start kills `up` at once: the daemon runs, `up` dies before it records the pid.
    const killer = join(root.path, 'killer-ncs.sh');
    await writeFile(
      killer,
      `#!/bin/sh\ncase " $* " in *" --foreground "*) kill -KILL $PPID ;; esac\nexec node "$SIM_BIN" "$@"\n`,
    );
    await chmod(killer, 0o755);
    const run = startUp(p, ['--ncs', killer]);
    expect(await run.exited).toBeNull();
    expect(await waitUntil(async () => (await processesNaming(p.dir)).length > 0, 5000)).toBe(true);
    expect(await recorded(p)).toHaveLength(1);
    expectDown(await runCli(['down'], p.dir, p.env), 'down after the crash');
    expect(await waitUntil(async () => (await processesNaming(p.dir)).length === 0, 5000)).toBe(true);
  });

  it('a crash between leasing the ports and writing the state: down --purge still frees the leases', async () => {
    const p = await project('gap-lease', 30700, 1);
    const leaseDir = p.env.NSO_MULTI_LEASE_DIR!;
    await mkdir(leaseDir, { mode: 0o700 });
    // Killed the instant the registry file lands, before render writes the state file (a few ms later).
    let run: UpRun | undefined;
    const watcher = watch(leaseDir, (_, file) => {
      if (file === 'leases.json' && run) killGroup(run.pid);
    });
    try {
      run = startUp(p, ['--sim']);
      await run.exited;
    } finally {
      watcher.close();
    }
    expect(await readState(p.stateFile)).toBeUndefined();
    const purged = await runCli(['down', '--purge'], p.dir, p.env);
    expect(purged.stderr).toContain('nothing rendered yet');
    expect(await projectLeases(p)).toEqual([]);
  });
});
