// Turns any failure into one short message on stderr and an exit code; the only error → exit code mapping.
import { EXIT_RUNTIME, formatProblem, isNsoMultiError } from '../errors.js';

// Writes what went wrong (and with --debug the stack) and returns the exit code for it.
export function reportError(error: unknown, debug: boolean, stderr: (text: string) => void): number {
  if (isNsoMultiError(error)) {
    const lines = [`nso-multi: ${error.message}`];
    for (const problem of error.problems) lines.push(`  ${formatProblem(problem)}`);
    if (error.hint) lines.push(`hint: ${error.hint}`);
    if (debug && error.stack) lines.push(error.stack);
    if (debug && error.cause instanceof Error && error.cause.stack) lines.push(`cause: ${error.cause.stack}`);
    stderr(`${lines.join('\n')}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  const lines = [`nso-multi: internal error: ${message}`];
  lines.push(
    debug && error instanceof Error && error.stack
      ? error.stack
      : 'run again with --debug for details, and please report it',
  );
  stderr(`${lines.join('\n')}\n`);
  return EXIT_RUNTIME;
}
