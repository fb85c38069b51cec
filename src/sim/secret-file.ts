// Reading the IPC access-check secret, on the daemon side and on the client side. The secret is never printed:
// messages name the file only.
import { readFileSync } from 'node:fs';
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

/** What a client makes of NCS_IPC_ACCESS_FILE: the secret (null without one), and a warning to print. */
export interface ClientSecret {
  secret: Buffer | null;
  warning?: string;
}

// The client's secret from NCS_IPC_ACCESS_FILE. Like NSO's `ncs` command, a file it cannot read is not an
// error: it prints `Access file NCS_IPC_ACCESS_FILE=FILE: REASON` and goes on without a secret.
export function readClientSecret(env: NodeJS.ProcessEnv): ClientSecret {
  const file = env.NCS_IPC_ACCESS_FILE;
  if (!file) return { secret: null };
  try {
    return { secret: readFileSync(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = FILE_ERRORS[code] ?? (error instanceof Error ? error.message : String(error));
    return { secret: null, warning: `Access file NCS_IPC_ACCESS_FILE=${file}: ${reason}` };
  }
}

// How NSO (Erlang's file:format_error) words the common reasons.
const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'illegal operation on a directory',
  ENOTDIR: 'not a directory',
};
