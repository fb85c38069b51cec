// Where the real-NSO tests find an NSO installation: NSO_MULTI_TEST_NCS_DIR, else the runtime in
// ../shared/nso beside the repository, installed (idempotently, in seconds) with its own install.sh.
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/cli.js';

export type NsoLocation = { ncsDir: string; reason?: undefined } | { ncsDir?: undefined; reason: string };

const run = promisify(execFile);
const exists = (path: string, mode: number) =>
  new Promise<boolean>((done) => access(path, mode, (error) => done(!error)));

// The installation to test against, or why there is none.
export async function locateNso(env: NodeJS.ProcessEnv = process.env): Promise<NsoLocation> {
  const named = env.NSO_MULTI_TEST_NCS_DIR;
  if (named) {
    return (await exists(join(named, 'bin', 'ncs'), constants.X_OK))
      ? { ncsDir: resolve(named) }
      : { reason: `NSO_MULTI_TEST_NCS_DIR=${named} holds no bin/ncs` };
  }
  const installer = join(REPO_ROOT, '..', 'shared', 'nso', 'install.sh');
  if (!(await exists(installer, constants.R_OK))) {
    return { reason: `no NSO: set NSO_MULTI_TEST_NCS_DIR to an NSO install, or provide ${installer}` };
  }
  try {
    const { stdout } = await run('bash', [installer], { timeout: 300_000 });
    const ncsDir = stdout.trim().split('\n').at(-1) ?? '';
    if (await exists(join(ncsDir, 'bin', 'ncs'), constants.X_OK)) return { ncsDir };
    return { reason: `${installer} printed ${JSON.stringify(ncsDir)}, which holds no bin/ncs` };
  } catch (error) {
    return { reason: `${installer} failed: ${(error as Error).message.split('\n')[0]}` };
  }
}
