// Private SSH host keys for one instance: generated once with ssh-keygen, kept across renders.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { pathExists } from './fs-steps.js';

/** The key NSO's SSH servers pick up from ssh-server-key-dir. */
export const HOST_KEY_FILE = 'ssh_host_ed25519_key';

function runKeygen(file: string, keygen: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['-t', 'ed25519', '-N', '', '-q', '-C', 'nso-multi host key', '-f', file];
    execFile(keygen, args, { timeout: 30_000 }, (error, _stdout, stderr) => {
      if (error === null) return resolve();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        return reject(
          new NsoMultiError('IO', `cannot make SSH host keys: ${keygen} is not installed`, {
            cause: error,
            hint: "install OpenSSH's client tools (e.g. `apt-get install openssh-client`), or set `ssh.hostKeys: shared`",
          }),
        );
      }
      const why = String(stderr).trim() || error.message;
      reject(new NsoMultiError('IO', `ssh-keygen failed for ${file}: ${why}`, { cause: error }));
    });
  });
}

// Makes sure `dir` holds an ed25519 host key pair; an existing key is kept, so clients' known_hosts stay
// valid. The pair is made in a scratch folder beside `dir` and moved in, so an interrupted run leaves no
// half-written key. Resolves true when it generated a key.
export async function ensureSshHostKeys(dir: string, keygen = 'ssh-keygen'): Promise<boolean> {
  const key = join(dir, HOST_KEY_FILE);
  if (await pathExists(key)) return false;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const scratch = await mkdtemp(join(dirname(dir), '.ssh-keygen-'));
  try {
    await runKeygen(join(scratch, HOST_KEY_FILE), keygen);
    // The public half first: a private key in place always has its public key beside it.
    await rename(join(scratch, `${HOST_KEY_FILE}.pub`), `${key}.pub`);
    await rename(join(scratch, HOST_KEY_FILE), key);
    return true;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
