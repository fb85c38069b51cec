// What the exit codes of `ncs` (start) mean, as NSO documents them, so a failure can say why.

const MEANINGS: Record<number, string> = {
  1: 'internal error',
  2: 'control command could not connect in time',
  3: 'the --timeout passed',
  10: 'bad CDB init file',
  11: 'unsupported CDB change',
  13: 'upgrade failed',
  14: 'upgrade failed',
  15: 'corrupt data',
  16: 'CDB file error',
  19: 'internal error',
  20: 'failed to bind a socket (a port is in use)',
  21: 'bad configuration file',
  22: 'installation problem',
  25: 'out of file descriptors',
  111: 'not started: nso-multi went away before recording it',
};

/** The exit code a daemon gives when one of its listeners cannot bind. */
export const EXIT_BIND_FAILED = 20;

// "exit 20: failed to bind a socket (a port is in use)", or just the code when unknown.
export function describeNcsExit(code: number | undefined, signal?: string): string {
  if (signal) return `killed by ${signal}`;
  if (code === undefined) return 'exited';
  const meaning = MEANINGS[code];
  return meaning ? `exit ${code}: ${meaning}` : `exit ${code}`;
}
