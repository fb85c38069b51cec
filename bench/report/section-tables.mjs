// The tables of sections 1 (allocation), 3 (up/down) and 4 (growth) of BENCHMARKS.md.
import { table, verdict } from '../lib/markdown.mjs';
import { fmtMs, fmtRatio, fmtSeconds } from '../lib/stats.mjs';

// Section 1.
export function allocationTables(a) {
  const rows = a.rows.map((r) => [
    r.n,
    r.ports,
    r.rounds,
    fmtMs(r.plan),
    fmtMs(r.version),
    fmtMs(r.allocation),
    fmtMs(r.floorWork),
    fmtMs(r.naiveWork),
    fmtRatio(r.allocVsFloor),
    fmtRatio(r.allocVsNaive),
    fmtRatio(r.naiveVsFloor),
  ]);
  const notes = a.rows
    .filter((r) => r.checks.moves || r.checks.floorTaken || r.checks.naiveMoved)
    .map(
      (r) =>
        `- N = ${r.n}: ports in use meanwhile — plan moved up to ${r.checks.moves}, the floor found ${r.checks.floorTaken} taken, get-port moved ${r.checks.naiveMoved}.`,
    );
  const cpuRows = a.rows
    .filter((r) => r.cpu && Number.isFinite(r.cpu.plan.median))
    .map((r) => [
      r.n,
      fmtMs(r.cpu.plan),
      fmtMs(r.cpu.version),
      fmtMs(r.cpu.allocation),
      fmtMs(r.cpu.floorWork),
      fmtMs(r.cpu.naiveWork),
      fmtRatio(r.cpu.allocVsFloor),
      fmtRatio(r.cpu.allocVsNaive),
    ]);
  const cpuTable = cpuRows.length
    ? [
        '',
        'The same runs in CPU time (user + system of the process and its children, from `/usr/bin/time`), which other',
        'load on the machine disturbs much less than wall time; the goal itself is judged on wall time, above.',
        '',
        table(
          [
            'N',
            'plan CPU',
            '`--version` CPU',
            'allocation CPU',
            'floor work CPU',
            'get-port work CPU',
            'allocation ÷ floor (CPU)',
            'allocation ÷ get-port (CPU)',
          ],
          cpuRows,
          ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
        ),
      ]
    : [];
  return [
    '## 1. Allocation',
    '',
    'Goal: at N = 1000, allocation ≤ 2× the floor, and well ahead of naive get-port (here: at most half its work).',
    '',
    '- **plan**: `nso-multi plan --json` in a project of N instances (4 listeners each, `layout: { base, stride: 10 }`,',
    '  nothing rendered yet, so every port is probed). **allocation** = plan − `nso-multi --version` (CLI start-up).',
    '- **floor**: `node bench/floor.mjs` — one `listen`/`close` per port on 127.0.0.1 for the same 4·N ports, one',
    '  after the other; **floor work** = its process time − `node -e 0`.',
    '- **naive get-port**: `node bench/naive-get-port.mjs` — `getPort({ port, host: "127.0.0.1" })` for each of the',
    '  same ports, no leases; **work** = its process time − `node -e 0`.',
    '',
    table(
      [
        'N',
        'ports',
        'rounds',
        'plan',
        '`--version`',
        'allocation',
        'floor work',
        'get-port work',
        'allocation ÷ floor work',
        'allocation ÷ get-port work',
        'get-port ÷ floor work',
      ],
      rows,
      ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    `At N = 1000: allocation ≤ 2× floor — ${verdict(a.goal.floor)}; ≤ 0.5× get-port — ${verdict(a.goal.naive)}.`,
    'At small N the floor work is a few milliseconds, so those ratios mostly show fixed costs and noise.',
    ...cpuTable,
    ...(notes.length ? ['', ...notes] : []),
    '',
  ].join('\n');
}

// The N = 1 rows that ran `node -e 0` before the script: the floor of any Node.js command-line tool.
function nodeThenScriptTable(u) {
  const rows = u.rows.filter((r) => r.nodeThenScript);
  if (rows.length === 0) return [];
  return [
    "At N = 1 each round also ran `node -e 0` and then the script (`sh -c 'node -e 0 && exec sh baseline-….sh …'`):",
    "Node.js's start-up on top of the script: about what a command-line tool written for Node.js costs if, once",
    'started, it did exactly what the script does (an estimate, not a hard floor: such a tool can skip the',
    "script's shell steps).",
    '',
    table(
      ['N', '`node -e 0`, then script up', '÷ script up', '`node -e 0`, then script down', '÷ script down'],
      rows.map((r) => [
        r.n,
        fmtSeconds(r.nodeThenScript.up),
        fmtRatio(r.nodeThenScript.upRatio),
        fmtSeconds(r.nodeThenScript.down),
        fmtRatio(r.nodeThenScript.downRatio),
      ]),
      ['r', 'r', 'r', 'r', 'r'],
    ),
    '',
  ];
}

// Section 3.
export function upDownTables(u) {
  const rows = u.rows.map((r) => [
    r.n,
    r.rounds,
    fmtSeconds(r.scriptUp),
    fmtSeconds(r.cliUp),
    fmtRatio(r.upRatio),
    verdict(r.upRatio.median <= 1.25),
    fmtSeconds(r.scriptDown),
    fmtSeconds(r.cliDown),
    fmtRatio(r.downRatio),
    verdict(r.downRatio.median <= 1.25),
  ]);
  const rss = u.rows.map((r) => [
    r.n,
    `${r.cliRss.median.toFixed(0)} MB (${r.cliRss.min.toFixed(0)}–${r.cliRss.max.toFixed(0)})`,
    `${r.scriptRss.median.toFixed(0)} MB (${r.scriptRss.min.toFixed(0)}–${r.scriptRss.max.toFixed(0)})`,
    fmtRatio(r.rssRatio),
  ]);
  const out = [
    '## 3. up / down',
    '',
    'Goal: `nso-multi up --sim` and `nso-multi down` each ≤ 1.25× a hand-written parallel shell script.',
    '',
    '- The project is rendered once with `nso-multi render`; the script (`bench/baseline-up.sh`) then starts',
    '  `node dist/sim/bin.js --cd RUNDIR -c NCSCONF` (daemonizing: it returns once the listeners are bound) for every',
    '  instance at once, using the rendered run dirs, configs and env files, and `bench/baseline-down.sh` runs',
    '  `--stop` for every instance at once with its env file.',
    '- `nso-multi up --sim --json` re-renders, starts every instance (default `--concurrency`) and waits until each is',
    '  ready; `nso-multi down` stops them. `down` leaves each instance recorded as stopped, so every `up` really starts',
    '  all N. After every up the runner checks that all 4·N ports listen, after every down that none does.',
    '',
    table(
      [
        'N',
        'rounds',
        'script up',
        'nso-multi up',
        'up ratio',
        '≤ 1.25×',
        'script down',
        'nso-multi down',
        'down ratio',
        '≤ 1.25×',
      ],
      rows,
      ['r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'l'],
    ),
    '',
    ...nodeThenScriptTable(u),
  ];
  const cpu = u.rows.map((r) => [
    r.n,
    fmtSeconds(r.cliUpCpu),
    fmtSeconds(r.scriptUpCpu),
    fmtRatio(r.upCpuRatio),
    fmtSeconds(r.cliDownCpu),
    fmtSeconds(r.scriptDownCpu),
    fmtRatio(r.downCpuRatio),
  ]);
  out.push(
    'CPU time (user + system, from `/usr/bin/time` in the same runs) of the command and the children it waited',
    'for: for `up` that includes its `ncs --wait-started` processes, for the script its simulator start commands;',
    'the daemons themselves are in neither.',
    '',
    table(['N', 'nso-multi up', 'script up', 'ratio', 'nso-multi down', 'script down', 'ratio'], cpu, [
      'r',
      'r',
      'r',
      'r',
      'r',
      'r',
      'r',
    ]),
    '',
  );
  out.push(
    'Peak RSS during up (`/usr/bin/time` "Maximum resident set size": the largest of the process and the children',
    'it waited for; the daemons are not among them). For the script that is the largest single process (a shell or',
    'one simulator start command).',
    '',
    table(['N', 'nso-multi up', 'script', 'ratio'], rss, ['r', 'r', 'r', 'r']),
    '',
  );
  return out.join('\n');
}

const exponent = (t1, t0, n1, n0) => Math.log(t1 / t0) / Math.log(n1 / n0);

// One growth row: N, time, the marginal cost per added instance, the baseline, the ratio, and both exponents.
function growthRow(row, prev, pick, fmt, unit) {
  const t = pick(row);
  const p = prev && pick(prev);
  const marginal = p ? (t.subject.median - p.subject.median) / (row.n - prev.n) : undefined;
  return [
    row.n,
    fmt(t.subject),
    marginal === undefined ? '–' : unit(marginal),
    fmt(t.baseline),
    fmtRatio(t.ratio),
    p ? exponent(t.subject.median, p.subject.median, row.n, prev.n).toFixed(2) : '–',
    p ? exponent(t.baseline.median, p.baseline.median, row.n, prev.n).toFixed(2) : '–',
  ];
}

// Section 4: growth of plan and up with N, from the runs above.
export function growthTables(r) {
  const out = [
    '## 4. Growth',
    '',
    'From the runs above. "Marginal per instance" is the extra time per added instance between neighbouring rows;',
    'the exponent k fits time ∝ N^k between them: k ≈ 1 is linear, k ≈ 0 means fixed costs dominate.',
    '',
  ];
  const align = ['r', 'r', 'r', 'r', 'r', 'r', 'r'];
  if (r.allocation) {
    const pick = (row) => ({ subject: row.allocation, baseline: row.floorWork, ratio: row.allocVsFloor });
    const rows = r.allocation.rows.map((row, i, all) =>
      growthRow(row, all[i - 1], pick, fmtMs, (v) => `${(v * 1000).toFixed(0)} µs`),
    );
    const header = ['N', 'allocation', 'marginal per instance', 'floor work', 'allocation ÷ floor'];
    out.push(table([...header, 'k (allocation)', 'k (floor)'], rows, align), '');
  }
  if (r.upDown) {
    const pick = (row) => ({ subject: row.cliUp, baseline: row.scriptUp, ratio: row.upRatio });
    const rows = r.upDown.rows.map((row, i, all) =>
      growthRow(row, all[i - 1], pick, fmtSeconds, (v) => `${v.toFixed(0)} ms`),
    );
    const header = ['N', 'nso-multi up', 'marginal per instance', 'script up', 'up ÷ script'];
    out.push(table([...header, 'k (nso-multi)', 'k (script)'], rows, align), '');
  }
  return out.join('\n');
}
