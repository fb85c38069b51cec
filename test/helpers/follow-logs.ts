// `nso-multi logs --follow …` as a child process for tests: what it has printed so far, and a stop that sends
// Ctrl-C (SIGINT) and resolves with its exit code (SIGKILL after 10 s, so that a test never leaves it running).
import { spawn } from 'node:child_process';
import { CLI } from './cli.js';

export interface FollowedLogs {
  /** Everything printed on stdout so far. */
  out: () => string;
  /** Ctrl-C; resolves with the exit code (null when it had to be killed). */
  stop: () => Promise<number | null>;
}

export function followLogs(args: string[], cwd: string, env: NodeJS.ProcessEnv): FollowedLogs {
  const child = spawn(process.execPath, [CLI, 'logs', '--follow', ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    out: () => out,
    stop: async () => {
      child.kill('SIGINT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      try {
        return await exited;
      } finally {
        clearTimeout(killer);
      }
    },
  };
}
