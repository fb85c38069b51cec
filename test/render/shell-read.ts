// Sources an env file in a real shell and reads the variables back, NUL-separated, exactly as the shell sees them.
import { spawnSync } from 'node:child_process';

export const SHELLS = ['bash', 'dash', 'zsh'] as const;
export type ShellName = (typeof SHELLS)[number];

// zsh -f skips the user's startup files; bash and dash read none when not interactive (BASH_ENV/ENV dropped below).
const ARGS: Record<ShellName, string[]> = { bash: [], dash: [], zsh: ['-f'] };

// The test's own environment without variables that make a shell read startup files. (A bare environment
// is no better: bash without SHLVL was seen to take 100 ms per start.)
function quietEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !['BASH_ENV', 'ENV', 'ZDOTDIR'].includes(key)) env[key] = value;
  }
  return env;
}

/** Why `shell` cannot be used here, or null. */
export function shellSkipReason(shell: ShellName): string | null {
  const probe = spawnSync(shell, [...ARGS[shell], '-c', 'exit 0'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0 ? null : `${shell} is not installed`;
}

/**
 * Runs `. FILE` in `shell`, then prints each name's value NUL-terminated; null means unset.
 * The file path travels as $1, so no quoting of it is involved.
 */
export function sourceAndRead(
  shell: ShellName,
  file: string,
  names: readonly string[],
  extraEnv: Record<string, string> = {},
): (string | null)[] {
  // Each value is printed as "=value" when set and "" when unset, so no value can pass for "unset".
  const prints = names.map((name) => `"\${${name}+=}\${${name}-}"`).join(' ');
  const script = `. "$1" || exit 3; printf '%s\\0' ${prints}`;
  const run = spawnSync(shell, [...ARGS[shell], '-c', script, 'sh', file], {
    encoding: 'utf8',
    env: { ...quietEnv(), ...extraEnv },
    timeout: 20_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0)
    throw new Error(`${shell} exited ${run.status}: ${run.stderr}${run.error?.message ?? ''}`);
  const values = run.stdout.split('\0');
  values.pop();
  return values.map((value) => (value.startsWith('=') ? value.slice(1) : null));
}
