// Section 6 of BENCHMARKS.md: up / down of real NSO instances against a hand-written shell loop.
import { table, verdict } from '../lib/markdown.mjs';
import { fmtRatio, fmtSeconds } from '../lib/stats.mjs';

export function realNsoTables(r) {
  const head = ['## 6. up / down with real NSO', ''];
  if (r.skipped) return [...head, `Skipped: ${r.skipped}.`, ''].join('\n');
  const goal = `≤ ${r.goal.limit}×`;
  return [
    ...head,
    `Goal: \`nso-multi up\` and \`nso-multi down\` of ${r.n} real NSO ${r.version} instances each ${goal} a hand-written`,
    'parallel shell loop with the same env files.',
    '',
    '- The project is rendered once with `nso-multi render`; `bench/baseline-up-nso.sh` then runs',
    '  `ncs --cd RUNDIR -c NCSCONF` for every instance at once, each with its env file, and',
    '  `bench/baseline-down-nso.sh` runs `ncs --stop` for every instance at once. The daemonizing `ncs` returns when',
    '  the daemon detaches, about 0.1 s before NSO reaches phase 2 (fully started), which is what `nso-multi up`',
    '  waits for; the column "loop up + wait" times the same loop with `ncs_cmd -c "wait-start 2"` after each',
    "  start (NSO's C client, no Erlang VM), the same readiness as `up`.",
    '- `nso-multi up` re-renders, starts every instance (default `--concurrency`) and waits until each is ready;',
    '  `nso-multi down` stops them. After every up the runner checks, untimed, that `nso-multi status --json` shows',
    '  every instance running and that every port listens; after every down that none does and that no daemon of',
    '  the project is left.',
    `- One untimed warm-up round of each first (the first start creates the CDB), then ${r.rounds} interleaved rounds.`,
    '',
    table(
      [
        'N',
        'rounds',
        'loop up',
        'loop up + wait',
        'nso-multi up',
        'up ratio',
        goal,
        'up ÷ loop + wait',
        'loop down',
        'nso-multi down',
        'down ratio',
        goal,
      ],
      [
        [
          r.n,
          r.rounds,
          fmtSeconds(r.scriptUp),
          fmtSeconds(r.startedUp),
          fmtSeconds(r.cliUp),
          fmtRatio(r.upRatio),
          verdict(r.goal.up),
          fmtRatio(r.upStartedRatio),
          fmtSeconds(r.scriptDown),
          fmtSeconds(r.cliDown),
          fmtRatio(r.downRatio),
          verdict(r.goal.down),
        ],
      ],
      ['r', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'l'],
    ),
    '',
  ].join('\n');
}
