// Where the real-NSO section finds an NSO installation, and the environment `. $NCS_DIR/ncsrc` gives:
// NSO_MULTI_BENCH_NCS_DIR, else NCS_DIR, else the test runtime's installer ../shared/nso/install.sh beside the
// repository (idempotent, seconds). Without any, the section is skipped with the reason.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// { ncsDir } of the installation to measure, or { reason } why there is none.
export async function locateNso(repo, env = process.env) {
  for (const name of ['NSO_MULTI_BENCH_NCS_DIR', 'NCS_DIR']) {
    const dir = env[name];
    if (!dir) continue;
    return executable(join(dir, 'bin', 'ncs'))
      ? { ncsDir: resolve(dir) }
      : { reason: `${name}=${dir} holds no bin/ncs` };
  }
  const installer = join(repo, '..', 'shared', 'nso', 'install.sh');
  try {
    accessSync(installer, constants.R_OK);
  } catch {
    return { reason: `no NSO: NCS_DIR is not set and there is no ${installer}` };
  }
  try {
    const { stdout } = await run('bash', [installer], { timeout: 300_000 });
    const ncsDir = stdout.trim().split('\n').at(-1) ?? '';
    if (executable(join(ncsDir, 'bin', 'ncs'))) return { ncsDir };
    return { reason: `${installer} printed ${JSON.stringify(ncsDir)}, which holds no bin/ncs` };
  } catch (error) {
    return { reason: `${installer} failed: ${String(error.message).split('\n')[0]}` };
  }
}

// Variables that point clients at some other NSO; the bench's commands start without them.
const FOREIGN = /^(NCS_IPC_|CONFD_IPC_|NSO_MULTI_(?!LEASE_DIR|CACHE_DIR)|sname$)/;

// `base` as `. $NCS_DIR/ncsrc` leaves it, without variables that point at another NSO.
export function nsoEnv(base, ncsDir) {
  const env = Object.fromEntries(Object.entries(base).filter(([key]) => !FOREIGN.test(key)));
  const prepend = (value, rest) => (rest ? `${value}:${rest}` : value);
  return {
    ...env,
    NCS_DIR: ncsDir,
    PATH: prepend(join(ncsDir, 'bin'), env.PATH),
    LD_LIBRARY_PATH: prepend(join(ncsDir, 'lib'), env.LD_LIBRARY_PATH),
  };
}
