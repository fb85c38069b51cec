// The two ways a simulated `ncs` start fails that nso-multi cares about, with NSO's exit codes.
import { NsoMultiError } from '../errors.js';

/** NSO's exit code for a socket it could not bind. */
export const EXIT_BIND_FAILED = 20;
/** NSO's exit code for a bad configuration file. */
export const EXIT_BAD_CONFIG = 21;

// A start failure NSO reports as `Bad configuration: ...` / exit 21.
export function badConfig(what: string, cause?: unknown): NsoMultiError {
  return new NsoMultiError('TEMPLATE_INVALID', `Bad configuration: ${what}`, {
    exitCode: EXIT_BAD_CONFIG,
    cause,
    hint: 'Fix the ncs.conf (or the variables and files it refers to) and start again.',
  });
}

// A start failure NSO reports as `Cannot bind to ... socket` / exit 20.
export function bindFailed(what: string, endpoint: string, reason: string, cause?: unknown): NsoMultiError {
  return new NsoMultiError('IO', `Cannot bind to ${what} ${endpoint} : ${reason}`, {
    exitCode: EXIT_BIND_FAILED,
    cause,
    hint: 'Another process holds that address; stop it or give this instance other ports.',
  });
}

/**
 * What a failed start prints. A daemonizing start prints `lines` on stderr: the message, then NSO's
 * `Daemon died status=N`. `ncs --foreground` prints only the message, on stdout (NSO 6.2.5 writes it there,
 * quoted, among Erlang reports).
 */
export function startFailureLines(error: unknown): { exitCode: number; message: string; lines: string[] } {
  const exitCode = error instanceof NsoMultiError ? error.exitCode : 1;
  const message =
    error instanceof NsoMultiError
      ? error.message
      : `Internal error: ${error instanceof Error ? error.message : String(error)}`;
  return { exitCode, message, lines: [message, `Daemon died status=${exitCode}`] };
}
