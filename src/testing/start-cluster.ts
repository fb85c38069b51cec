// The test-suite API: start NSO instances before the tests, get their ports and env, stop them after — also
// when a test fails (`await using`, try/finally) or the test process dies (the owner watchdog). With `reuse`,
// a running cluster of the same spec is taken instead (reuse-cluster.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { down } from '../project/down.js';
import { up } from '../project/up.js';
import { type StartClusterOptions, upOptions } from './cluster-options.js';
import { startReusedCluster } from './reuse-cluster.js';
import { type StartedCluster, startedCluster } from './started-cluster.js';

export type { ReuseOptions, StartClusterOptions } from './cluster-options.js';

export type { ClusterReloadOptions, StartedCluster } from './started-cluster.js';

interface Where {
  cwd: string;
  config?: string;
  workdir?: string;
  /** A temp folder this cluster made and removes when it stops. */
  temp?: string;
}

// Where the cluster's project lives: the given spec, or the spec object written to a (temp) folder.
async function projectFolder(options: StartClusterOptions): Promise<Where> {
  const temp =
    options.isolate || (options.spec !== undefined && options.cwd === undefined)
      ? await mkdtemp(join(tmpdir(), 'nso-multi-cluster-'))
      : undefined;
  if (options.spec === undefined) {
    const where: Where = { cwd: options.cwd ?? process.cwd() };
    if (options.config) where.config = options.config;
    if (temp) Object.assign(where, { temp, workdir: temp });
    return where;
  }
  const cwd = options.cwd ?? temp!;
  const config = join(cwd, 'nso-multi.cluster.yaml');
  await writeFile(config, `${JSON.stringify(options.spec, null, 2)}\n`);
  return { cwd, config, ...(temp ? { temp } : {}), ...(temp && options.cwd ? { workdir: temp } : {}) };
}

// Starts the cluster; when a start fails, what was started is stopped before the error is rethrown.
export async function startCluster(options: StartClusterOptions = {}): Promise<StartedCluster> {
  if (options.reuse) return startReusedCluster(options);
  const where = await projectFolder(options);
  const target = {
    cwd: where.cwd,
    ...(where.config ? { config: where.config } : {}),
    ...(where.workdir ? { workdir: where.workdir } : {}),
  };
  let result: Awaited<ReturnType<typeof up>>;
  try {
    result = await up({
      ...target,
      ...(where.workdir ? { envDir: where.workdir } : {}),
      ...upOptions(options),
      ...(options.watchdog === false ? {} : { watchOwner: process.pid }),
    });
  } catch (error) {
    if (where.temp) {
      await down({ ...target, purge: true }).catch(() => undefined);
      await rm(where.temp, { recursive: true, force: true });
    }
    throw error;
  }
  const names = result.outcomes.map((o) => o.name);
  let stopped = false;
  let purged = false;
  return startedCluster(result, target, {
    ...(options.env ? { env: options.env } : {}),
    reused: false,
    stop: async (purgeAsked) => {
      const purge = purgeAsked || where.temp !== undefined;
      if (purged || (stopped && !purge)) return;
      await down({ ...target, names, purge });
      stopped = true;
      purged = purge;
      if (where.temp) await rm(where.temp, { recursive: true, force: true });
    },
  });
}

// Stops a cluster started elsewhere (another process, an earlier run) from its spec or folder.
export async function stopCluster(
  options: { config?: string; cwd?: string; purge?: boolean } = {},
): Promise<void> {
  await down(options);
}
