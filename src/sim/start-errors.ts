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

// The lines a failed start prints on stderr, ending with NSO's `Daemon died status=N`.
export function startFailureLines(error: unknown): { exitCode: number; lines: string[] } {
  if (error instanceof NsoMultiError) {
    return { exitCode: error.exitCode, lines: [error.message, `Daemon died status=${error.exitCode}`] };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: 1, lines: [`Internal error: ${message}`, 'Daemon died status=1'] };
}
