// Host-wide allocation under concurrency: 8 projects with the same layout base run `up --sim` at the same
// moment, round after round (8 × 6 × 3 by default; NSO_MULTI_STRESS_ROUNDS changes the rounds). Every round all
// 48 instances must start and every port must be handed out once.
//
// Cost: each instance takes 3 short-lived node processes (daemon, `ncs --wait-started`, `ncs --stop`) and each
// project 3 CLI runs, about 28 CPU-seconds per round (3.4 per project): some 16 s of wall time per round on a
// 2-core machine, more under load. The time limits below are generous on purpose so that a slow machine never
// fails this test; durations are logged, never asserted. `--concurrency 2` keeps each `up` from starting all 6
// daemons at once (at most 16 start together).
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli, tempDir } from '../helpers/cli.js';

const PROJECTS = 8;
const INSTANCES = 6;
const ROUNDS = Array.from({ length: roundsWanted(process.env.NSO_MULTI_STRESS_ROUNDS) }, (_, i) => i + 1);
const SPEC = `layout: { base: 23000, stride: 10 }\ninstances:\n${Array.from(
  { length: INSTANCES },
  (_, i) => `  - name: i${i + 1}\n`,
).join('')}`;

function roundsWanted(value: string | undefined): number {
  const rounds = Number(value ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10) {
    throw new Error(`NSO_MULTI_STRESS_ROUNDS=${value}: want a whole number from 1 to 10`);
  }
  return rounds;
}

interface Instance {
  name: string;
  status: string;
  pid: number | null;
  ports: Record<string, number | null>;
  listening: Record<string, boolean | null>;
}

let root: { path: string; remove: () => Promise<void> };
let projects: string[] = [];
let env: Record<string, string> = {};
/** Every daemon pid seen in a status document, for the cleanup. */
const seenPids = new Set<number>();

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const inParallel = (args: string[], timeoutMs: number): Promise<CliResult[]> =>
  Promise.all(projects.map((dir) => runCli(args, dir, env, timeoutMs)));

// True while the pid runs; a zombie counts as gone (a daemon whose `up` exited is reaped by init, later).
async function running(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== '' && state !== 'Z' && state !== 'X';
}

async function runningOf(pids: Iterable<number>): Promise<number[]> {
  const list = [...pids];
  const flags = await Promise.all(list.map(running));
  return list.filter((_, i) => flags[i]);
}

// Pids whose command line mentions the temp dir: daemons and control commands of these projects.
async function stragglers(): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((e) => /^\d+$/.test(e)).map(Number);
  const found: number[] = [];
  for (const pid of pids) {
    if (pid === process.pid) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(root.path)) found.push(pid);
  }
  return found;
}

// Which pid holds each listening TCP port (from /proc/net/tcp{,6} inodes and the pids' open sockets).
async function listenerOwners(pids: number[]): Promise<Map<number, number>> {
  const inodeToPort = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const fields of lines.map((l) => l.trim().split(/\s+/))) {
      // fields: sl local_address rem_address st ... inode (index 9); st 0A is LISTEN.
      if (fields[3] !== '0A' || fields[1] === undefined || fields[9] === undefined) continue;
      inodeToPort.set(fields[9], Number.parseInt(fields[1].split(':')[1] ?? '', 16));
    }
  }
  const owners = new Map<number, number>();
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const inode = /^socket:\[(\d+)\]$/.exec(await readlink(`/proc/${pid}/fd/${fd}`).catch(() => ''))?.[1];
      const port = inode === undefined ? undefined : inodeToPort.get(inode);
      if (port !== undefined) owners.set(port, pid);
    }
  }
  return owners;
}

// The daemon pids a project's state records (a failed `up` may have left some before any status ran).
async function recordedPids(dir: string): Promise<number[]> {
  const text = await readFile(join(dir, '.nso-multi', 'state.json'), 'utf8').catch(() => '{}');
  const state = JSON.parse(text) as { instances?: Record<string, { runtime?: { pid?: number } }> };
  return Object.values(state.instances ?? {}).flatMap((i) => (i.runtime?.pid ? [i.runtime.pid] : []));
}

// Whatever a round left: purges the projects with state, then SIGKILLs every recorded pid and straggler.
async function cleanUp(): Promise<void> {
  // A round that passed purged everything already; only a failed one leaves state for `down` to act on.
  const leftover = projects.filter((dir) => existsSync(join(dir, '.nso-multi', 'state.json')));
  for (const dir of leftover) for (const pid of await recordedPids(dir)) seenPids.add(pid);
  await Promise.all(leftover.map((dir) => runCli(['down', '--purge'], dir, env, 60_000)));
  const left = await runningOf(new Set([...seenPids, ...(await stragglers())]));
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (let i = 0; i < 100 && (await runningOf(left)).length > 0; i++) await delay(50);
  seenPids.clear();
}

beforeAll(async () => {
  root = await tempDir('nso-multi-stress-');
  // A private registry: the assertions are about these 8 projects only, and removing the temp dir removes it.
  env = { NSO_MULTI_LEASE_DIR: join(root.path, 'leases') };
  projects = Array.from({ length: PROJECTS }, (_, i) => join(root.path, `project${i + 1}`));
  for (const dir of projects) {
    await mkdir(dir);
    await writeFile(join(dir, 'nso-multi.yaml'), SPEC);
  }
});
afterEach(cleanUp, 90_000);
afterAll(async () => {
  await cleanUp();
  await root?.remove();
}, 90_000);

describe(`${PROJECTS} concurrent \`up --sim\` with one layout base`, { timeout: 400_000 }, () => {
  it.each(ROUNDS)('round %i: every instance starts and no port is handed out twice', async (round) => {
    const started = performance.now();
    const ups = await inParallel(['up', '--sim', '--concurrency', '2', '--timeout', '120'], 300_000);
    const upSeconds = seconds(started);
    for (const up of ups) expect(up.code, up.stderr).toBe(0);
    // `up` heals a bind failure (exit 20) by moving the port and starting again: a retry would hide a port
    // handed out twice, so none may have happened.
    expect(ups.filter((up) => /exit 20/.test(up.stderr)).map((up) => up.stderr)).toEqual([]);

    const statusStarted = performance.now();
    const docs = (await inParallel(['status', '--json'], 120_000)).map(
      (r) => JSON.parse(r.stdout) as { project: string; instances: Instance[] },
    );
    const statusSeconds = seconds(statusStarted);
    const instances = docs.flatMap((d) =>
      d.instances.map((i) => ({ ...i, where: `${d.project}/${i.name}` })),
    );
    for (const i of instances) if (i.pid !== null) seenPids.add(i.pid);

    expect(instances).toHaveLength(PROJECTS * INSTANCES);
    expect(instances.filter((i) => i.status !== 'running').map((i) => `${i.where}: ${i.status}`)).toEqual([]);
    const notListening = instances.flatMap((i) =>
      Object.entries(i.listening)
        .filter(([, up]) => up === false)
        .map(([key]) => `${i.where} ${key}`),
    );
    expect(notListening).toEqual([]);

    // Each port once across all 48 instances, and held by the daemon its instance records.
    const holders = new Map<number, string[]>();
    for (const i of instances) {
      for (const port of Object.values(i.ports)) {
        if (port !== null) holders.set(port, [...(holders.get(port) ?? []), i.where]);
      }
    }
    const twice = [...holders].filter(([, who]) => who.length > 1).map(([port, who]) => `${port}: ${who}`);
    expect(twice).toEqual([]);
    expect(holders.size).toBe(PROJECTS * INSTANCES * 4);
    const owners = await listenerOwners(instances.map((i) => i.pid ?? -1));
    const wrongOwner = instances.flatMap((i) =>
      Object.values(i.ports)
        .filter((port) => port !== null && owners.get(port) !== i.pid)
        .map((port) => `${i.where}: ${port} held by pid ${owners.get(port as number)}`),
    );
    expect(wrongOwner).toEqual([]);

    const downStarted = performance.now();
    const downs = await inParallel(['down', '--purge'], 240_000);
    const downSeconds = seconds(downStarted);
    for (const down of downs) expect(down.code, down.stderr).toBe(0);
    expect(await runningOf(seenPids)).toEqual([]);
    expect(await stragglers()).toEqual([]);
    const registry = JSON.parse(await readFile(join(env.NSO_MULTI_LEASE_DIR!, 'leases.json'), 'utf8'));
    expect(registry.leases).toEqual([]);

    const moved = ups.reduce((n, up) => n + (up.stderr.match(/^warning: .*; using \d+$/gm) ?? []).length, 0);
    console.log(
      `round ${round}: ${PROJECTS} × up (${instances.length} instances, ${holders.size} ports, ${moved} moved ` +
        `off the shared layout) ${upSeconds} s; status ${statusSeconds} s; down --purge ${downSeconds} s`,
    );
  });
});
