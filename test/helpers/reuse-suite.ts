// Runs test/fixtures/reuse-suite (three files that take one cluster with useCluster({ reuse })) as its own
// `vitest run`, and reads back what each file saw.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.js';

const VITEST = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const SUITE = join(REPO_ROOT, 'test', 'fixtures', 'reuse-suite', 'vitest.config.ts');

/** What one file of the suite recorded. */
export interface SeenCluster {
  file: string;
  /** The worker process the file ran in. */
  worker: number;
  reused: boolean;
  /** The pids of the cluster's daemons. */
  daemons: number[];
}

export interface SuiteRun {
  code: number | null;
  out: string;
  seen: SeenCluster[];
  /** The files whose reset hook ran. */
  resets: string[];
}

export interface SuiteOptions {
  /** The spec file the files take the cluster of. */
  spec: string;
  /** Where the record goes (a fresh file per run is made in it). */
  dir: string;
  env: NodeJS.ProcessEnv;
  sim: boolean;
  /** Without reuse (each file starts its own, isolated cluster): the benchmark's baseline. */
  reuse?: boolean;
  idleMs?: number;
  timeoutMs?: number;
}

// One `vitest run` of the suite, killed after `timeoutMs` (default 5 minutes).
export async function runReuseSuite(options: SuiteOptions): Promise<SuiteRun> {
  const record = join(options.dir, `record-${process.pid}-${Date.now()}.jsonl`);
  const child = spawn(process.execPath, [VITEST, 'run', '--config', SUITE], {
    cwd: REPO_ROOT,
    env: {
      ...options.env,
      CI: '1',
      NSO_MULTI_RECORD: record,
      NSO_MULTI_REUSE_SPEC: options.spec,
      NSO_MULTI_REUSE_SIM: options.sim ? '1' : '0',
      NSO_MULTI_REUSE: options.reuse === false ? '0' : '1',
      NSO_MULTI_REUSE_IDLE_MS: String(options.idleMs ?? 60_000),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const lines = (await readFile(record, 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SeenCluster & { reset?: string });
  return {
    code,
    out,
    seen: lines.filter((l) => l.reset === undefined),
    resets: lines.flatMap((l) => (l.reset === undefined ? [] : [l.reset])),
  };
}
