// Runs the built CLI as a real process, the way a user's shell does.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Runs `nso-multi ARGS` in cwd with a bound on time; the child is killed if it overruns.
export function runCli(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<CliResult> {
  return runNode([CLI, ...args], cwd, env, timeoutMs);
}

// Runs `prefix… node ARGS` (e.g. `runuser -u USER --` as the prefix) in cwd with this process's environment
// plus `env`, bounded in time.
export function runNode(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
  prefix: string[] = [],
): Promise<CliResult> {
  const [command, ...rest] = [...prefix, process.execPath, ...args] as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, rest, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// A temp folder removed again after the test, also when it fails.
export async function tempDir(
  prefix = 'nso-multi-test-',
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
