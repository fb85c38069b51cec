// Section 8 of BENCHMARKS.md: a three-file test suite on one 2-instance real NSO cluster, with and without reuse.
import { table } from '../lib/markdown.mjs';
import { fmtRatio, fmtSeconds } from '../lib/stats.mjs';

export function reuseTables(r) {
  const head = ['## 8. A test suite that reuses its cluster', ''];
  if (r.skipped) return [...head, `Skipped: ${r.skipped}.`, ''].join('\n');
  return [
    ...head,
    `One \`vitest run\` of a suite of ${r.files} test files (\`test/fixtures/reuse-suite\`, each file in a worker`,
    `process of its own, side by side) that each need the same cluster of ${r.instances} real NSO instances, from`,
    '`useCluster()` in each file:',
    '',
    '- **without reuse**: every file starts a cluster of its own (isolated: own workdir and ports) in `beforeAll`',
    '  and stops and purges it in `afterAll`, as `useCluster` does by default;',
    '- **reuse, cold**: `useCluster({ reuse })` with no cluster running before the run: the first file starts it',
    '  under the host-wide lock, the others wait for it and take it; it is left running;',
    '- **reuse, warm**: the same suite run again right after, taking the cluster the cold run left.',
    '',
    'Each run is checked untimed (3 files passed; one set of daemon pids with reuse, three without); after each',
    `round the reused cluster is stopped, untimed. One untimed warm-up round, then ${r.rounds} interleaved rounds.`,
    '',
    table(
      ['files', 'rounds', 'without reuse', 'reuse, cold', 'reuse, warm', 'cold ÷ without', 'warm ÷ without'],
      [
        [
          r.files,
          r.rounds,
          fmtSeconds(r.isolated),
          fmtSeconds(r.cold),
          fmtSeconds(r.warm),
          fmtRatio(r.coldRatio),
          fmtRatio(r.warmRatio),
        ],
      ],
      ['r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
  ].join('\n');
}
