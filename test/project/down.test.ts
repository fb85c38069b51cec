import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNsoMultiError } from '../../src/errors.js';
import { isListening } from '../../src/host/port-listening.js';
import { isAlive } from '../../src/host/process-identity.js';
import { type DownEvent, down } from '../../src/project/down.js';
import { STUBBORN_NCS, useSimProject } from '../helpers/start-sim-cluster.js';

// Ports of this file's specs: a block region no other test file uses.
const BASE = 26200;
const SPEC = `layout: { base: ${BASE}, stride: 10 }
instances:
  - name: one
  - name: two
    ipc: { accessCheck: { enabled: false } }
`;

const project = useSimProject(SPEC);

// Whether any port recorded for the instance still accepts connections.
async function anyListening(name: string): Promise<boolean> {
  const entry = (await project().state()).instances[name]!;
  const checks = await Promise.all(entry.listeners.map((l) => isListening(l.address, l.port)));
  return checks.includes(true);
}

describe('down', () => {
  it('stops every instance with its own ncs --stop, records it stopped, and closes every port', async () => {
    const pids = await project().start();
    const events: DownEvent[] = [];
    const result = await down({ cwd: project().dir, onEvent: (e) => events.push(e) });
    expect(result.instances).toEqual([
      { name: 'one', how: 'ncs --stop', purged: false },
      { name: 'two', how: 'ncs --stop', purged: false },
    ]);
    expect(events).toEqual(
      expect.arrayContaining([
        { type: 'stopped', instance: 'one', how: 'ncs --stop' },
        { type: 'stopped', instance: 'two', how: 'ncs --stop' },
      ]),
    );
    for (const name of ['one', 'two']) {
      expect(await isAlive({ pid: pids[name]! })).toBe(false);
      expect(await anyListening(name)).toBe(false);
      expect((await project().state()).instances[name]!.runtime).toMatchObject({
        status: 'stopped',
        pid: pids[name],
      });
    }
  });

  it('is a no-op the second time: everything "not running" and the state file untouched', async () => {
    await project().start();
    await down({ cwd: project().dir });
    const before = await readFile(project().stateFile, 'utf8');
    const again = await down({ cwd: project().dir });
    expect(again.instances.map((i) => i.how)).toEqual(['not running', 'not running']);
    expect(await readFile(project().stateFile, 'utf8')).toBe(before);
  });

  it('stops only the named instance and leaves the other running', async () => {
    const pids = await project().start();
    const result = await down({ cwd: project().dir, names: ['two'] });
    expect(result.instances).toEqual([{ name: 'two', how: 'ncs --stop', purged: false }]);
    expect(await isAlive({ pid: pids.two! })).toBe(false);
    expect(await isAlive({ pid: pids.one! })).toBe(true);
    expect(await anyListening('one')).toBe(true);
    expect((await project().state()).instances.one!.runtime!.status).toBe('running');
  });

  it('falls back to SIGTERM, then SIGKILL, for daemons that ignore ncs --stop, within the bound', async () => {
    const pids = {
      ...(await project().start({ names: ['one'], ncs: STUBBORN_NCS })),
      ...(await project().start({ names: ['two'], ncs: STUBBORN_NCS, env: { STUBBORN_ON_TERM: 'ignore' } })),
    };
    const result = await down({ cwd: project().dir, graceMs: 300, termMs: 300 });
    expect(result.instances).toEqual([
      { name: 'one', how: 'SIGTERM', purged: false },
      { name: 'two', how: 'SIGKILL', purged: false },
    ]);
    for (const pid of Object.values(pids)) expect(await isAlive({ pid })).toBe(false);
  });

  it('--purge leaves the folder exactly as before the first render', async () => {
    const before = await project().listing();
    const pids = await project().start();
    const events: DownEvent[] = [];
    const result = await down({ cwd: project().dir, purge: true, onEvent: (e) => events.push(e) });
    expect(result).toMatchObject({ stateRemoved: true, workdirRemoved: true });
    expect(result.instances.every((i) => i.purged)).toBe(true);
    expect(events.filter((e) => e.type === 'purged')).toHaveLength(2);
    expect(await project().listing()).toEqual(before);
    for (const pid of Object.values(pids)) expect(await isAlive({ pid })).toBe(false);
  });

  it('--purge with a name removes just that instance: run dir, env file and state entry', async () => {
    await project().start();
    await down({ cwd: project().dir, names: ['one'], purge: true });
    const listing = await project().listing();
    expect(listing).not.toContain('.env.one');
    expect(listing).not.toContain(join('.nso-multi', 'one'));
    expect(listing).toEqual(expect.arrayContaining(['.env.two', join('.nso-multi', 'two', 'ncs.conf')]));
    expect(Object.keys((await project().state()).instances)).toEqual(['two']);
    expect(await anyListening('two')).toBe(true);
  });

  it('--purge refuses a run dir that is a symlink (UNSAFE_PATH) and removes nothing', async () => {
    await project().render();
    const elsewhere = await mkdtemp(join(tmpdir(), 'nso-multi-elsewhere-'));
    try {
      const runDir = join(project().dir, '.nso-multi', 'one');
      await rename(runDir, join(elsewhere, 'one'));
      await symlink(join(elsewhere, 'one'), runDir);
      await writeFile(join(elsewhere, 'one', 'keep'), 'mine');
      const before = await project().listing();
      const error = await down({ cwd: project().dir, purge: true }).catch((e: unknown) => e);
      expect(isNsoMultiError(error) && error.code).toBe('UNSAFE_PATH');
      expect((error as Error).message).toContain(`refusing to remove ${runDir}: it is a symbolic link`);
      expect(await project().listing()).toEqual(before);
      expect(await readFile(join(elsewhere, 'one', 'keep'), 'utf8')).toBe('mine');
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('--purge refuses a run dir the state places outside the workdir', async () => {
    await project().render();
    const outside = join(project().dir, 'not-the-workdir');
    await mkdir(outside);
    const state = JSON.parse(await readFile(project().stateFile, 'utf8'));
    state.instances.two.runDir = outside;
    await writeFile(project().stateFile, JSON.stringify(state));
    const error = await down({ cwd: project().dir, purge: true }).catch((e: unknown) => e);
    expect(isNsoMultiError(error) && error.code).toBe('UNSAFE_PATH');
    expect((await project().listing()).filter((p) => p.startsWith('not-the-workdir'))).toEqual([
      'not-the-workdir',
    ]);
  });

  it('has nothing to do before the first render', async () => {
    expect(await down({ cwd: project().dir })).toMatchObject({ instances: [], stateRemoved: false });
  });
});
