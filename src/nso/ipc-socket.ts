// Where an instance's local IPC socket lives, and whether Linux can bind that path at all.
import { join } from 'node:path';
import type { InstanceSpec } from '../model.js';

/** sockaddr_un holds 108 bytes including the terminating NUL. */
export const MAX_SOCKET_PATH_BYTES = 107;

/** The socket's name inside the run dir when the spec gives no `ipc.path`: short, as every byte counts. */
export const DEFAULT_SOCKET_NAME = 'ipc.sock';

// The absolute socket path of an instance with `ipc.transport: unix`; null for TCP IPC.
export function ipcSocketPath(
  ipc: Pick<InstanceSpec['ipc'], 'transport' | 'path'>,
  runDir: string,
): string | null {
  if (ipc.transport !== 'unix') return null;
  return ipc.path ?? join(runDir, DEFAULT_SOCKET_NAME);
}

// Whether an instance gets an IPC secret: NSO checks local IPC by the client's Unix UID, so the access check
// (on by default in the spec) applies to TCP IPC only.
export function usesAccessCheck(instance: Pick<InstanceSpec, 'ipc'>): boolean {
  return instance.ipc.accessCheck.enabled && instance.ipc.transport !== 'unix';
}

// Why a socket path cannot be bound (too long once UTF-8 encoded), or undefined when it fits.
export function socketPathProblem(path: string): string | undefined {
  const bytes = Buffer.byteLength(path, 'utf8');
  if (bytes <= MAX_SOCKET_PATH_BYTES) return undefined;
  return `the IPC socket path ${path} is ${bytes} bytes long; a Unix socket path may have at most ${MAX_SOCKET_PATH_BYTES}`;
}

/** What to do about a socket path that is too long. */
export const SOCKET_PATH_FIX =
  'choose a shorter `workdir`, or set `ipc.path` to a shorter socket path (e.g. under /tmp)';
