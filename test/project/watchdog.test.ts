// The owner watchdog's library part on real simulator daemons: the loop run in-process, and the detached
// watchdog process started, replaced and stopped.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAlive, type ProcessIdentity, processStartTime } from '../../src/host/process-identity.js';
import { waitUntil } from '../../src/host/wait-until.js';
import { down } from '../../src/project/down.js';
import {
  parseWatchdogConfig,
  startWatchdog,
  stopWatchdog,
  type WatchdogConfig,
  watchedInstances,
  watchedOwner,
  watchOwner,
} from '../../src/project/watchdog.js';
import { useSimProject } from '../helpers/start-sim-cluster.js';

// Ports of this file's specs: a block region no other test file uses.
const BASE = 29800;
const SPEC = `layout: { base: ${BASE}, stride: 10 }
instances:
  - name: one
  - name: two
    ipc: { accessCheck: { enabled: false } }
`;

const project = useSimProject(SPEC);
let owner: ChildProcess;
/** Watchdog processes a test started, ended after it. */
const watchdogs: ProcessIdentity[] = [];

beforeEach(() => {
  owner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
});

afterEach(async () => {
  owner.kill('SIGKILL');
  for (const w of watchdogs.splice(0)) {
    if (await isAlive(w)) process.kill(w.pid, 'SIGKILL');
  }
});

async function ownerIdentity(): Promise<ProcessIdentity> {
  const pid = owner.pid!;
  return { pid, startTime: (await processStartTime(pid))! };
}

// Starts both daemons and returns the watchdog config for them, polling every 100 ms.
async function watched(): Promise<WatchdogConfig> {
  await project().start();
  const instances = await watchedInstances(await project().state(), ['one', 'two']);
  expect(instances.map((i) => i.name)).toEqual(['one', 'two']);
  return { stateFile: project().stateFile, owner: await ownerIdentity(), instances, intervalMs: 100 };
}

async function daemonsAlive(config: WatchdogConfig): Promise<boolean[]> {
  return Promise.all(config.instances.map((i) => isAlive(i)));
}

describe('watchedOwner', () => {
  it('gives a live pid with its start time', async () => {
    expect(await watchedOwner(owner.pid!)).toEqual(await ownerIdentity());
  });

  it('refuses a pid no process has, as a usage error (exit 2)', async () => {
    const pidMax = Number(await readFile('/proc/sys/kernel/pid_max', 'utf8'));
    for (const pid of [pidMax, 0, -3]) {
      await expect(watchedOwner(pid)).rejects.toMatchObject({ code: 'USAGE', exitCode: 2 });
    }
  });
});

describe('parseWatchdogConfig', () => {
  it('reads back what startWatchdog passes, and refuses anything else', () => {
    const config = { stateFile: '/x/state.json', owner: { pid: 42 }, instances: [{ name: 'a', pid: 7 }] };
    expect(parseWatchdogConfig(JSON.stringify(config))).toEqual(config);
    for (const text of [
      undefined,
      '',
      '{',
      '{}',
      JSON.stringify({ ...config, instances: [{ name: 'a' }] }),
    ]) {
      expect(() => parseWatchdogConfig(text)).toThrow(expect.objectContaining({ code: 'USAGE' }));
    }
  });
});

describe('watchOwner', () => {
  it('stops the watched daemons once the owner dies and records them stopped', async () => {
    const config = await watched();
    const lines: string[] = [];
    const watching = watchOwner(config, { self: process.pid, log: (l) => lines.push(l) });
    owner.kill('SIGKILL');
    expect(await watching).toBe('owner-gone');
    expect(await daemonsAlive(config)).toEqual([false, false]);
    const state = await project().state();
    expect(state.instances.one!.runtime?.status).toBe('stopped');
    expect(state.instances.two!.runtime?.status).toBe('stopped');
    expect(lines.join('\n')).toMatch(/one \(pid \d+\): stopped \(ncs --stop\)/);
  });

  it('ends by itself, stopping nothing, when someone else stopped the daemons', async () => {
    const config = await watched();
    const watching = watchOwner(config, { self: process.pid });
    await down({ cwd: project().dir });
    expect(await watching).toBe('instances-gone');
    expect(await isAlive(await ownerIdentity())).toBe(true);
  });

  it('ends when the state file is gone (purged), leaving the daemons to whoever removed it', async () => {
    const config = await watched();
    const watching = watchOwner(config, { self: process.pid });
    await rm(project().stateFile);
    expect(await watching).toBe('state-gone');
    expect(await daemonsAlive(config)).toEqual([true, true]);
  });

  it('ends when a newer live watchdog is recorded for the project', async () => {
    const config = await watched();
    const { writeState } = await import('../../src/state/state-file.js');
    const state = await project().state();
    await writeState(project().stateFile, {
      ...state,
      watchdog: { ...(await ownerIdentity()), owner: { pid: process.pid } },
    });
    expect(await watchOwner(config, { self: process.pid })).toBe('replaced');
    expect(await daemonsAlive(config)).toEqual([true, true]);
  });
});

describe('startWatchdog / stopWatchdog', () => {
  it('a second watchdog replaces the first; stopWatchdog ends it and forgets it; the daemons run on', async () => {
    const config = await watched();
    const first = await startWatchdog(config);
    watchdogs.push(first);
    expect(first.startTime).toBeDefined();
    expect(await isAlive(first)).toBe(true);
    expect((await project().state()).watchdog).toEqual(first);

    const second = await startWatchdog(config);
    watchdogs.push(second);
    expect(await isAlive(first)).toBe(false);
    expect(await isAlive(second)).toBe(true);
    expect((await project().state()).watchdog).toEqual(second);

    expect(await stopWatchdog(project().stateFile)).toBe(true);
    expect(await isAlive(second)).toBe(false);
    expect((await project().state()).watchdog).toBeUndefined();
    expect(await stopWatchdog(project().stateFile)).toBe(false);
    expect(await daemonsAlive(config)).toEqual([true, true]);
  });

  it('the watchdog process stops the daemons when the owner dies, and exits', async () => {
    const config = await watched();
    const record = await startWatchdog(config);
    watchdogs.push(record);
    owner.kill('SIGKILL');
    const allGone = async () => !(await daemonsAlive(config)).includes(true) && !(await isAlive(record));
    expect(await waitUntil(allGone, 15_000)).toBe(true);
    const state = await project().state();
    expect([state.instances.one!.runtime?.status, state.instances.two!.runtime?.status]).toEqual([
      'stopped',
      'stopped',
    ]);
    expect(state.watchdog).toBeUndefined();
  });
});
