import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isNsoMultiError } from '../errors.js';
import { ensureSshHostKeys, HOST_KEY_FILE } from './ssh-host-keys.js';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function runDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nso-multi-sshkeys-'));
  made.push(dir);
  return dir;
}

describe('ensureSshHostKeys', () => {
  it('generates an ed25519 pair once, private key mode 0600, and keeps it on the next call', async () => {
    const dir = join(await runDir(), 'ssh');
    expect(await ensureSshHostKeys(dir)).toBe(true);
    const key = join(dir, HOST_KEY_FILE);
    expect((await stat(key)).mode & 0o777).toBe(0o600);
    expect(await readFile(`${key}.pub`, 'utf8')).toMatch(/^ssh-ed25519 /);
    const first = await readFile(key, 'utf8');
    expect(await ensureSshHostKeys(dir)).toBe(false);
    expect(await readFile(key, 'utf8')).toBe(first);
    // No scratch folder is left beside it.
    expect(await readdir(join(dir, '..'))).toEqual(['ssh']);
  });

  it('fills an existing empty folder', async () => {
    const dir = join(await runDir(), 'ssh');
    await mkdir(dir);
    expect(await ensureSshHostKeys(dir)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual([HOST_KEY_FILE, `${HOST_KEY_FILE}.pub`]);
  });

  it('says what to install when ssh-keygen is missing, and leaves nothing behind', async () => {
    const parent = await runDir();
    const error = await ensureSshHostKeys(join(parent, 'ssh'), join(parent, 'no-such-ssh-keygen')).catch(
      (e: unknown) => e,
    );
    expect(isNsoMultiError(error) && error.code).toBe('IO');
    expect(isNsoMultiError(error) && error.hint).toContain('openssh-client');
    expect(await readdir(parent)).toEqual(['ssh']);
    expect(await readdir(join(parent, 'ssh'))).toEqual([]);
  });
});
