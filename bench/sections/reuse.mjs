// Section 8: a test suite of three files that each need the same 2-instance real NSO cluster
// (test/fixtures/reuse-suite, one `vitest run`, the files in worker processes side by side), with and without
// `useCluster({ reuse })`. Without reuse every file starts and stops a cluster of its own (useCluster's isolated
// default); with reuse the first file starts it and the others take it ("cold": no cluster before the run), and a
// second run takes the cluster the first left running ("warm"). Every run is checked untimed (three files
// passed; one set of daemons with reuse, three without); the reused cluster is stopped after each round, untimed.
// Skipped, with the reason, without an NSO installation.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { locateNso, nsoEnv } from '../lib/locate-nso.mjs';
import { runTimed } from '../lib/process-run.mjs';
import { STRIDE } from '../lib/projects.mjs';
import { perRound, summarize } from '../lib/stats.mjs';

export const REUSE_FILES = 3;
export const REUSE_INSTANCES = 2;

export async function reuseSection(ctx, rounds) {
  const found = await locateNso(ctx.repo, ctx.env);
  if (!found.ncsDir) {
    ctx.log(`reuse: skipped: ${found.reason}`);
    return { skipped: found.reason };
  }
  const dir = join(ctx.root, 'reuse');
  await mkdir(dir, { recursive: true });
  const spec = join(dir, 'nso-multi.yaml');
  const instances = Array.from({ length: REUSE_INSTANCES }, (_, i) => `  - name: n${i + 1}`);
  await writeFile(
    spec,
    [
      'project: benchreuse',
      `layout: { base: ${ctx.bases.reuse}, stride: ${STRIDE} }`,
      'instances:',
      ...instances,
      '',
    ].join('\n'),
  );
  const env = nsoEnv(ctx.env, found.ncsDir);
  const vitest = join(ctx.repo, 'node_modules', 'vitest', 'vitest.mjs');
  const config = join(ctx.repo, 'test', 'fixtures', 'reuse-suite', 'vitest.config.ts');
  const registry = await import(pathToFileURL(join(ctx.repo, 'dist', 'project', 'reuse-registry.js')).href);
  let runs = 0;

  // One `vitest run` of the suite; checks what its files saw and returns its wall time.
  const suite = async (reuse, what) => {
    const record = join(dir, `record-${++runs}.jsonl`);
    const run = await runTimed(ctx.node, [vitest, 'run', '--config', config], {
      cwd: ctx.repo,
      env: {
        ...env,
        NSO_MULTI_RECORD: record,
        NSO_MULTI_REUSE_SPEC: spec,
        NSO_MULTI_REUSE: reuse ? '1' : '0',
        NSO_MULTI_REUSE_IDLE_MS: '600000',
      },
      timeoutMs: 600_000,
    });
    const seen = readFileSync(record, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{"file"'))
      .map((l) => JSON.parse(l));
    const clusters = new Set(seen.map((s) => s.daemons.join())).size;
    if (seen.length !== REUSE_FILES || clusters !== (reuse ? 1 : REUSE_FILES)) {
      throw new Error(
        `${what}: ${seen.length} files recorded, ${clusters} cluster(s)\n${run.stdout}${run.stderr}`,
      );
    }
    return run.ms;
  };
  // Stops the reused cluster (its keeper first, so that it does not race the stop).
  const stopReused = async () => {
    const root = registry.reuseRoot(ctx.env.NSO_MULTI_LEASE_DIR);
    for (const { dir: folder, record } of await registry.listReused(root)) {
      if (record.keeper) {
        try {
          process.kill(record.keeper.pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
      await registry.stopReused(folder, record, env);
    }
  };
  const steps = [
    { name: 'isolated', run: () => suite(false, 'without reuse') },
    {
      name: 'reuse',
      run: async () => {
        try {
          const cold = await suite(true, 'reuse, cold');
          const warm = await suite(true, 'reuse, warm');
          return { cold, warm };
        } finally {
          await stopReused();
        }
      },
    },
  ];
  await ctx.interleave(1, steps, 'reuse warm-up');
  const s = await ctx.interleave(rounds, steps, `reuse, ${REUSE_FILES} files`);
  const ratio = (a, b) => summarize(perRound(s[a], s[b], (x, y) => x / y));
  return {
    files: REUSE_FILES,
    instances: REUSE_INSTANCES,
    rounds,
    samples: s,
    isolated: summarize(s.isolated),
    cold: summarize(s['reuse.cold']),
    warm: summarize(s['reuse.warm']),
    coldRatio: ratio('reuse.cold', 'isolated'),
    warmRatio: ratio('reuse.warm', 'isolated'),
  };
}
