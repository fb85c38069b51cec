// Reading the IPC access-check secret, on the daemon side and on the client side. The secret is never printed:
// messages name the file only.
import { readFileSync } from 'node:fs';
import { NsoMultiError } from '../errors.js';
import { badConfig } from './start-errors.js';

// The daemon's secret; a missing, unreadable or empty file is a bad configuration (exit 21), as in NSO.
export function readDaemonSecret(file: string): Buffer {
  let secret: Buffer;
  try {
    secret = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw badConfig(`cannot read the IPC access check file ${file} (${code})`, error);
  }
  if (secret.length === 0) throw badConfig(`the IPC access check file ${file} is empty`);
  return secret;
}

// The client's secret from NCS_IPC_ACCESS_FILE; null when the variable is unset; throws when the file is unusable.
export function readClientSecret(env: NodeJS.ProcessEnv): Buffer | null {
  const file = env.NCS_IPC_ACCESS_FILE;
  if (!file) return null;
  const hint = 'Point NCS_IPC_ACCESS_FILE at the secret file named in the instance ncs.conf.';
  let secret: Buffer;
  try {
    secret = readFileSync(file);
  } catch (error) {
    throw new NsoMultiError('IO', `cannot read NCS_IPC_ACCESS_FILE ${file}`, { cause: error, hint });
  }
  if (secret.length === 0) throw new NsoMultiError('IO', `NCS_IPC_ACCESS_FILE ${file} is empty`, { hint });
  return secret;
}
