// Helpers for tests against a real NSO: the installation global-setup.ts found, the environment `. ncsrc`
// gives, and a project folder whose daemons are stopped (and, if need be, killed) after each test.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, inject } from 'vitest';
import { stringify } from 'yaml';
import { type CliResult, runCli } from '../helpers/cli.js';
import { killProcessesMentioning } from '../helpers/processes.js';
import { stopProject } from '../helpers/project-cleanup.js';

const location = inject('realNso');

/** The NSO installation under test ($NCS_DIR); tests run only inside `describeNso`, where it is set. */
export const NCS_DIR = location.ncsDir ?? '';

// Variables a developer's shell may hold that point clients at some other NSO; a test starts without them.
const FOREIGN = /^(NCS_IPC_|CONFD_IPC_|NSO_MULTI_(?!LEASE_DIR|CACHE_DIR)|sname$)/;

// process.env as `. $NCS_DIR/ncsrc` leaves it, without variables that point at another NSO.
export function nsoEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!FOREIGN.test(key)) env[key] = value;
  const prepend = (value: string, rest: string | undefined) => (rest ? `${value}:${rest}` : value);
  return {
    ...env,
    NCS_DIR,
    PATH: prepend(join(NCS_DIR, 'bin'), env.PATH),
    LD_LIBRARY_PATH: prepend(join(NCS_DIR, 'lib'), env.LD_LIBRARY_PATH),
    PYTHONPATH: prepend(join(NCS_DIR, 'src', 'ncs', 'pyapi'), env.PYTHONPATH),
    ...extra,
  };
}

// `describe` when a real NSO is there, else a skipped suite whose name says why.
export function describeNso(name: string, body: () => void): void {
  if (location.ncsDir) describe(name, body);
  else describe.skip(`${name} (skipped: ${location.reason})`, body);
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Runs a shell script (bash, dash or zsh) in `cwd` with the NSO environment, bounded in time.
export function shell(
  script: string,
  cwd: string,
  options: { shell?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      options.shell ?? 'bash',
      ['-c', script],
      { cwd, env: nsoEnv(options.env), timeout: options.timeoutMs ?? 60_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A project folder with a spec, run with the real NSO (no `--sim`). */
export class NsoProject {
  private constructor(readonly dir: string) {}

  // A temp folder holding `nso-multi.yaml` with `spec` (an object, written as YAML, or the YAML text).
  static async create(spec: object | string): Promise<NsoProject> {
    const dir = await mkdtemp(join(tmpdir(), 'nso-multi-real-'));
    await writeFile(join(dir, 'nso-multi.yaml'), typeof spec === 'string' ? spec : stringify(spec));
    return new NsoProject(dir);
  }

  // `nso-multi ARGS` in the project folder with the NSO environment (3 minutes at most).
  cli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 180_000): Promise<CliResult> {
    return runCli(args, this.dir, nsoEnv(env), timeoutMs);
  }

  // A shell script in the project folder with the NSO environment.
  shell(script: string, options: Parameters<typeof shell>[2] = {}): Promise<CommandResult> {
    return shell(script, this.dir, options);
  }

  // `down --purge`, then SIGKILL for any NSO process still running from this folder, then the folder goes.
  async cleanup(): Promise<void> {
    await stopProject(this.dir, { purge: true, env: nsoEnv() });
    await killProcessesMentioning(this.dir);
    await rm(this.dir, { recursive: true, force: true });
  }
}

// A fresh project with `spec` for every test of the calling suite, cleaned up after each (also a failed one).
export function useNsoProject(spec: object | string): () => NsoProject {
  let project: NsoProject | undefined;
  beforeEach(async () => {
    project = await NsoProject.create(spec);
  });
  afterEach(async () => {
    await project?.cleanup();
    project = undefined;
  });
  return () => {
    if (project === undefined) throw new Error('useNsoProject: no project outside a test');
    return project;
  };
}
