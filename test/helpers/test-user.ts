// An ordinary user for tests where permissions must bite: root reads and writes anywhere, so as root such a
// test runs its CLI as this user. The global setup creates the user when the run is root, and removes it again.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chmod, chown, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliResult } from './cli.js';
import { CLI, runNode } from './cli.js';

export const TEST_USER = 'nsomultitest';

export interface TestUser {
  name: string;
  uid: number;
  gid: number;
}

function idOf(flag: '-u' | '-g'): number | undefined {
  try {
    return Number(execFileSync('id', [flag, TEST_USER], { encoding: 'utf8', stdio: 'pipe' }).trim());
  } catch {
    return undefined;
  }
}

// The test user when this run is root and the user exists; undefined otherwise (then run as yourself).
export function testUser(): TestUser | undefined {
  if (process.geteuid?.() !== 0) return undefined;
  const uid = idOf('-u');
  const gid = idOf('-g');
  return uid === undefined || gid === undefined ? undefined : { name: TEST_USER, uid, gid };
}

// Creates the test user (no home, no login shell) when root and missing; says whether it did.
export function ensureTestUser(): boolean {
  if (process.geteuid?.() !== 0 || idOf('-u') !== undefined) return false;
  try {
    execFileSync('useradd', ['-M', '-s', '/usr/sbin/nologin', TEST_USER], { stdio: 'pipe' });
    return true;
  } catch {
    // Another run made it meanwhile; it is that run's to remove.
    return false;
  }
}

// Removes the test user made by ensureTestUser, and the perf-data folder a Java VM run as the user (NSO's)
// leaves in /tmp.
export function removeTestUser(): void {
  try {
    execFileSync('userdel', [TEST_USER], { stdio: 'pipe' });
  } catch {
    // already gone
  }
  rmSync(join('/tmp', `hsperfdata_${TEST_USER}`), { recursive: true, force: true });
}

// Gives `dir` and everything under it to the user, and lets the user into `dir`.
export async function giveToUser(user: TestUser, dir: string): Promise<void> {
  await chown(dir, user.uid, user.gid);
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { recursive: true })) {
    await chown(join(dir, entry), user.uid, user.gid);
  }
}

// Runs `nso-multi ARGS` in cwd as `user`, with this process's environment plus `env`, bounded in time.
export function runCliAs(
  user: TestUser,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<CliResult> {
  return runNode([CLI, ...args], cwd, env, timeoutMs, ['runuser', '-u', user.name, '--']);
}
