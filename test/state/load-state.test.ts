import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAlive } from '../../src/host/process-identity.js';
import { waitUntil } from '../../src/host/wait-until.js';
import type { Notice } from '../../src/notice.js';
import { render } from '../../src/project/render.js';
import { corruptCopyName, loadState } from '../../src/state/load-state.js';
import type { StateDocument } from '../../src/state/state-document.js';
import { readState } from '../../src/state/state-file.js';
import { listen } from '../helpers/listen.js';

// Ports of this file: 32300-32349.
const SPEC = `project: lab
layout: { base: 32300, stride: 10 }
instances:
  - name: one
  - name: two
    netconf: { tcp: false }
    ipc: { accessCheck: { enabled: false } }
`;

let dir: string;
let specFile: string;
let stateFile: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nso-multi-state-'));
  specFile = join(dir, 'nso-multi.yaml');
  stateFile = join(dir, '.nso-multi', 'state.json');
  await writeFile(specFile, SPEC);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

/** The parts of an instance's state a rebuild must restore exactly. */
function essentials(state: StateDocument | undefined) {
  return Object.fromEntries(
    Object.entries(state?.instances ?? {}).map(([name, e]) => [
      name,
      {
        ports: e.ports,
        listeners: e.listeners,
        runDir: e.runDir,
        ncsConf: e.ncsConf,
        envFile: e.envFile,
        secretFile: e.secretFile,
        env: e.env,
        unset: e.unset,
      },
    ]),
  );
}

async function rendered(): Promise<StateDocument> {
  await render({ cwd: dir, nsoVersion: '6.2' });
  return (await readState(stateFile))!;
}

const NOW = new Date('2024-05-06T07:08:09.123Z');

describe('loadState on a corrupt state file', () => {
  it.each([
    ['truncated JSON', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['an empty file', () => ''],
    ['garbage', () => '\u0000\u00ffnot json at all{{{'],
    ['a wrong version', (text: string) => text.replace('"version": 1', '"version": 9')],
    ['a valid JSON document of the wrong shape', () => '{"version":1,"instances":[]}'],
  ])('%s: kept aside, rebuilt from the spec and the run folders, and reported', async (_what, corrupt) => {
    const before = await rendered();
    const corruptText = corrupt(await readFile(stateFile, 'utf8'));
    await writeFile(stateFile, corruptText);
    const notices: Notice[] = [];
    const state = await loadState(stateFile, { specFile, now: NOW, onNotice: (n) => notices.push(n) });

    const copy = `${stateFile}.corrupt-2024-05-06T070809.123Z`;
    expect(corruptCopyName(stateFile, NOW)).toBe(copy);
    expect(await readFile(copy, 'utf8')).toBe(corruptText);
    expect(essentials(state)).toEqual(essentials(before));
    expect(state?.project).toBe('lab');
    expect(essentials(await readState(stateFile))).toEqual(essentials(before));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.level).toBe('warning');
    expect(notices[0]!.message).toContain(`state file ${stateFile} is corrupt`);
    expect(notices[0]!.message).toContain(`kept it as ${copy}`);
    expect(notices[0]!.message).toContain('instances recovered: one, two');
  });

  it('keeps every corrupt copy: a second corruption at the same time gets its own name', async () => {
    await rendered();
    await writeFile(stateFile, 'first');
    await loadState(stateFile, { specFile, now: NOW, onNotice: () => {} });
    await writeFile(stateFile, 'second');
    await loadState(stateFile, { specFile, now: NOW, onNotice: () => {} });
    const copies = (await readdir(join(dir, '.nso-multi'))).filter((f) => f.includes('.corrupt-')).sort();
    expect(copies).toEqual([
      'state.json.corrupt-2024-05-06T070809.123Z',
      'state.json.corrupt-2024-05-06T070809.123Z-2',
    ]);
  });

  it('leaves the file as it is and says why when there is no spec to rebuild from', async () => {
    await rendered();
    await writeFile(stateFile, '{"trunc');
    await writeFile(specFile, 'instances: [ {name: }');
    const failure = loadState(stateFile, { specFile, onNotice: () => {} });
    await expect(failure).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    await expect(failure).rejects.toThrow(/cannot be rebuilt: the spec .* cannot be loaded/);
    expect(await readFile(stateFile, 'utf8')).toBe('{"trunc');
    expect((await readdir(join(dir, '.nso-multi'))).filter((f) => f.includes('corrupt'))).toEqual([]);
  });

  it('records a daemon still running with the run folder, found by its command line', async () => {
    const before = await rendered();
    const one = before.instances.one!;
    const child: ChildProcess = spawn(
      process.execPath,
      ['-e', 'setInterval(() => {}, 1000)', '--', '--cd', one.runDir, '-c', one.ncsConf, '--foreground'],
      { detached: true, stdio: 'ignore' },
    );
    cleanups.push(async () => {
      child.kill('SIGKILL');
      await waitUntil(async () => !(await isAlive({ pid: child.pid! })), 5000);
    });
    await writeFile(stateFile, 'garbage');
    const notices: Notice[] = [];
    const state = await loadState(stateFile, { specFile, onNotice: (n) => notices.push(n) });
    expect(state?.instances.one?.runtime).toMatchObject({
      status: 'running',
      pid: child.pid,
      ncs: { file: process.execPath, sim: false },
    });
    expect(state?.instances.two?.runtime).toBeUndefined();
    expect(notices[0]!.message).toContain(`running daemons found: one (pid ${child.pid})`);
  });

  it('names ports that something listens on when no daemon of nso-multi was found', async () => {
    const before = await rendered();
    const squatter = await listen(before.instances.two!.ports.cliSsh);
    cleanups.push(squatter.close);
    await writeFile(stateFile, 'garbage');
    const notices: Notice[] = [];
    await loadState(stateFile, { specFile, onNotice: (n) => notices.push(n) });
    expect(notices[0]!.message).toContain(
      `two: no daemon started by nso-multi was found, yet 127.0.0.1:${squatter.port} is in use`,
    );
    expect(notices[0]!.message).toContain('nso-multi exec two -- ncs --stop');
  });

  it('names a run folder whose ncs.conf it cannot use, and keeps instances removed from the spec since', async () => {
    const before = await rendered();
    await writeFile(join(dir, '.nso-multi', 'two', 'ncs.conf'), '<ncs-config');
    await writeFile(specFile, SPEC.replace(/ {2}- name: two[\s\S]*$/, '  - name: three\n'));
    await writeFile(stateFile, 'garbage');
    const notices: Notice[] = [];
    const state = await loadState(stateFile, { specFile, onNotice: (n) => notices.push(n) });
    expect(Object.keys(state?.instances ?? {})).toEqual(['one']);
    expect(essentials(state).one).toEqual(essentials(before).one);
    expect(notices[0]!.message).toContain('two not recovered: its ncs.conf cannot be used:');

    // A removed instance whose run folder is intact is kept, as render keeps its entry, so `down` finds it.
    await writeFile(specFile, SPEC);
    await render({ cwd: dir, nsoVersion: '6.2' });
    const full = await readState(stateFile);
    await writeFile(specFile, SPEC.replace(/ {2}- name: two[\s\S]*$/, ''));
    await writeFile(stateFile, 'garbage');
    const kept = await loadState(stateFile, { specFile, onNotice: () => {} });
    expect(essentials(kept)).toEqual(essentials(full));
  });

  it('is a plain read when the file is fine, and undefined when there is none', async () => {
    expect(await loadState(stateFile, { specFile })).toBeUndefined();
    const before = await rendered();
    const notices: Notice[] = [];
    expect(await loadState(stateFile, { specFile, onNotice: (n) => notices.push(n) })).toEqual(before);
    expect(notices).toEqual([]);
  });

  it('refuses a symlink where the state file should be', async () => {
    await rendered();
    const elsewhere = join(dir, 'elsewhere.json');
    await writeFile(elsewhere, await readFile(stateFile, 'utf8'));
    await rm(stateFile);
    await symlink(elsewhere, stateFile);
    await expect(loadState(stateFile, { specFile })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(readState(stateFile)).rejects.toThrow(
      `Refusing to read state file ${stateFile}: it is a symbolic link`,
    );
  });
});
