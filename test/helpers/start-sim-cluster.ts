// A project folder in a temp dir whose instances run as real simulator daemons, started through the library
// (render + startInstance, runtime recorded in the state) the way `up` does; `cleanup()` kills every daemon it
// started and removes the folder, also after a failed test.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { isAlive, type ProcessIdentity, signalGroup } from '../../src/host/process-identity.js';
import { waitUntil } from '../../src/host/wait-until.js';
import { instanceProcessEnv } from '../../src/ncs/instance-process-env.js';
import type { NcsCommand } from '../../src/ncs/ncs-command.js';
import { startInstance } from '../../src/ncs/start-instance.js';
import { render } from '../../src/project/render.js';
import type { StateDocument } from '../../src/state/state-document.js';
import { readState } from '../../src/state/state-file.js';
import { openStateStore } from '../../src/state/state-store.js';
import { REPO_ROOT } from './cli.js';

/** The built simulator as the `ncs` of the instances (what simCommand() gives in dist/). */
export const SIM_NCS: NcsCommand = {
  file: process.execPath,
  args: [join(REPO_ROOT, 'dist', 'sim', 'bin.js')],
  sim: true,
  display: 'nso-multi sim',
};

/** A fake ncs whose daemon ignores `ncs --stop` (test/fixtures/ncs/stubborn-ncs.sh), run by sh. */
export const STUBBORN_NCS: NcsCommand = {
  file: '/bin/sh',
  args: [join(REPO_ROOT, 'test', 'fixtures', 'ncs', 'stubborn-ncs.sh')],
  sim: false,
  display: 'stubborn-ncs.sh',
};

export interface StartOptions {
  /** Which instances to start; default every rendered one. */
  names?: string[];
  ncs?: NcsCommand;
  /** Extra variables for the daemons. */
  env?: Record<string, string>;
}

export class SimProject {
  /** Every daemon this project started, for cleanup. */
  readonly started: ProcessIdentity[] = [];

  private constructor(
    readonly dir: string,
    readonly stateFile: string,
  ) {}

  // A temp folder holding `nso-multi.yaml` with `spec`.
  static async create(spec: string): Promise<SimProject> {
    const dir = await mkdtemp(join(tmpdir(), 'nso-multi-run-'));
    await writeFile(join(dir, 'nso-multi.yaml'), spec);
    return new SimProject(dir, join(dir, '.nso-multi', 'state.json'));
  }

  // Everything in the folder, recursively, sorted.
  async listing(): Promise<string[]> {
    return (await readdir(this.dir, { recursive: true })).sort();
  }

  async render(): Promise<void> {
    await render({ cwd: this.dir, nsoVersion: '6.2' });
  }

  // Renders unless already rendered: a render rewrites the instances' entries without their runtime.
  async ensureRendered(): Promise<void> {
    if ((await readState(this.stateFile)) === undefined) await this.render();
  }

  async state(): Promise<StateDocument> {
    const state = await readState(this.stateFile);
    if (state === undefined) throw new Error(`no state at ${this.stateFile}`);
    return state;
  }

  // Renders (once), starts the instances in parallel and records their runtime; resolves with their pids.
  async start(options: StartOptions = {}): Promise<Record<string, number>> {
    await this.ensureRendered();
    const store = await openStateStore(this.stateFile);
    const state = store.current()!;
    const names = options.names ?? Object.keys(state.instances);
    const ncs = options.ncs ?? SIM_NCS;
    const settled = await Promise.allSettled(
      names.map(async (name) => {
        const entry = state.instances[name]!;
        const outcome = await startInstance({
          runDir: entry.runDir,
          ncsConf: entry.ncsConf,
          ncs,
          env: instanceProcessEnv(process.env, entry, { ...options.env }),
          timeoutSeconds: 10,
          onSpawn: async (pid, startTime) => {
            this.started.push({ pid, ...(startTime ? { startTime } : {}) });
            await store.update((doc) => {
              doc.instances[name]!.runtime = {
                status: 'starting',
                pid,
                startedAt: new Date().toISOString(),
                ncs,
                ...(startTime ? { startTime } : {}),
              };
            });
          },
        });
        if (!outcome.ok)
          throw new Error(`${name} did not start: ${outcome.reason}\n${outcome.log.join('\n')}`);
        await store.update((doc) => {
          doc.instances[name]!.runtime!.status = 'running';
        });
        return [name, outcome.pid] as [string, number];
      }),
    );
    const failure = settled.find((s) => s.status === 'rejected');
    if (failure) throw failure.reason;
    return Object.fromEntries(settled.map((s) => (s as PromiseFulfilledResult<[string, number]>).value));
  }

  // Kills every daemon this project started (the whole process group) and removes the folder.
  async cleanup(): Promise<void> {
    for (const daemon of this.started.splice(0)) {
      if (!(await isAlive(daemon))) continue;
      signalGroup(daemon.pid, 'SIGKILL');
      await waitUntil(async () => !(await isAlive(daemon)), 5000);
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}

// A fresh project with `spec` for every test of the calling file, cleaned up after each (also a failed one).
export function useSimProject(spec: string): () => SimProject {
  let project: SimProject | undefined;
  beforeEach(async () => {
    project = await SimProject.create(spec);
  });
  afterEach(async () => {
    await project?.cleanup();
    project = undefined;
  });
  return () => {
    if (project === undefined) throw new Error('useSimProject: no project outside a test');
    return project;
  };
}
