// Section 7 of BENCHMARKS.md: up of one real NSO with a netsim network against NSO's own steps.
import { table, verdict } from '../lib/markdown.mjs';
import { fmtRatio, fmtSeconds } from '../lib/stats.mjs';

export function netsimTables(r) {
  const head = ['## 7. up with a netsim network', ''];
  if (r.skipped) return [...head, `Skipped: ${r.skipped}.`, ''].join('\n');
  const goal = `≤ ${r.goal.limit}×`;
  return [
    ...head,
    `Goal: \`nso-multi up\` of one real NSO instance with ${r.n} cisco-ios-cli-3.8 netsim devices, from nothing,`,
    `${goal} NSO's own steps in a shell script, also from nothing.`,
    '',
    '- `bench/baseline-up-netsim.sh`: `ncs-netsim create-network`, `ncs-netsim start`, `ncs-setup --netsim-dir',
    '  netsim --dest nso`, `ncs` (the column "script"); the same with `ncs-netsim -a start`, every device at',
    '  once (the column "script -a"). NSO and netsim on their default ports.',
    '- `nso-multi up`: renders, makes the network with ncs-netsim (ports from its block), starts NSO and the',
    '  devices side by side (default `--concurrency`), waits until NSO is ready, and loads the devices into NSO',
    '  with ncs_load.',
    '- Every round is checked untimed (NSO answers, every device runs) and torn down (`nso-multi down --purge`, or',
    `  the script's stop and removal). One untimed warm-up round of each, then ${r.rounds} interleaved rounds.`,
    '',
    table(
      ['devices', 'rounds', 'script', 'script -a', 'nso-multi up', 'up ÷ script', goal, 'up ÷ script -a'],
      [
        [
          r.n,
          r.rounds,
          fmtSeconds(r.script),
          fmtSeconds(r.parallel),
          fmtSeconds(r.cli),
          fmtRatio(r.upRatio),
          verdict(r.goal.up),
          fmtRatio(r.parallelRatio),
        ],
      ],
      ['r', 'r', 'r', 'r', 'r', 'r', 'l', 'r'],
    ),
    '',
  ].join('\n');
}
