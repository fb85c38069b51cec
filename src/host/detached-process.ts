// Starts one of nso-multi's own helper processes (the watchdog, the reuse keeper) detached: in a session of its
// own, so that the starter's terminal, Ctrl-C or process group never reach it, with one JSON argument, and its
// output appended to `logFile` when one is given. Resolves with the process, or with why it could not start.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ProcessIdentity, processStartTime } from './process-identity.js';

// The built entry `file` (e.g. 'project/watchdog-main.js') for code at `moduleUrl` (import.meta.url). From the
// TypeScript sources (the test suite) it is the one in dist/, since Node cannot run the .ts one; in the bundled
// executables (scripts/bundle.mjs) the calling code sits in dist/chunks/, one level below dist/ as its source
// folder is below src/.
export function builtEntry(moduleUrl: string, file: string): string {
  const here = fileURLToPath(moduleUrl);
  return here.endsWith('.ts')
    ? join(dirname(here), '..', '..', 'dist', file)
    : join(dirname(here), '..', file);
}

export async function startDetached(
  entry: string,
  config: unknown,
  env: NodeJS.ProcessEnv,
  logFile: string | undefined,
): Promise<ProcessIdentity | Error> {
  const fd = logFile ? openSync(logFile, 'a', 0o600) : undefined;
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(process.execPath, [entry, JSON.stringify(config)], {
      detached: true,
      stdio: fd === undefined ? 'ignore' : ['ignore', fd, fd],
      env,
      cwd: '/',
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const failed = new Promise<Error>((resolve) => child.once('error', resolve));
  const pid = child.pid;
  if (pid === undefined) return failed;
  child.unref();
  const startTime = await processStartTime(pid);
  return { pid, ...(startTime ? { startTime } : {}) };
}
