// Turns the results of one bench run into BENCHMARKS.md: machine, method, goals, one table per measurement,
// diagnostics and findings.

import { table, verdict } from '../lib/markdown.mjs';
import { fmtMs, fmtRatio } from '../lib/stats.mjs';
import { STARTUP_GOAL } from '../sections/startup.mjs';
import { diagnosticsTables } from './diagnostics-tables.mjs';
import { findings } from './findings.mjs';
import { netsimTables } from './netsim-tables.mjs';
import { realNsoTables } from './real-nso-tables.mjs';
import { reuseTables } from './reuse-tables.mjs';
import { allocationTables, growthTables, upDownTables } from './section-tables.mjs';

function header(r) {
  const m = r.machine;
  return [
    '# Benchmarks',
    '',
    ...(r.options.quick ? ['**QUICK RUN (`--quick`, 2 rounds): not valid figures.**', ''] : []),
    'Written by `npm run bench` (`bench/run.mjs`); every run rewrites this file, so do not edit it by hand.',
    'The machines this runs on are shared and noisy: absolute times vary from run to run, the ratios against',
    'baselines measured in the same run are what to compare.',
    '',
    `- Date: ${r.started.toISOString()}`,
    '- Command: `npm run bench` (= `npm run build && node bench/run.mjs`)',
    `- Machine: nproc ${m.nproc}, CPU "${m.cpu}", Node ${m.node}; 1-minute load average ${m.load.toFixed(1)} at the start, ${m.loadAtEnd.toFixed(1)} at the end`,
    `- Duration: ${(r.seconds / 60).toFixed(1)} min for bench/run.mjs (the build before it not included)`,
    `- Ports: 127.0.0.1 only; layout bases ${Object.entries(r.bases ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )} (stride 10, chosen so that nothing listened there at the start, below the ephemeral range ${r.ephemeral?.low}–${r.ephemeral?.high}); a private \`NSO_MULTI_LEASE_DIR\` in a temp folder`,
    r.leftListening?.length
      ? `- **Listeners left after cleanup: ${r.leftListening.join(', ')}**`
      : '- Listeners left after cleanup: none',
    '',
    '## How it is measured',
    '',
    '- Every measured command is a fresh process, timed from spawn to exit by the runner.',
    '- Baseline and subject run interleaved: each round runs every command once, starting with a different one each',
    '  round. A figure is the median over the rounds with its min–max in parentheses; a ratio is computed per',
    '  round (subject ÷ baseline of the same round) and then summarized the same way.',
    '- Differences (e.g. plan − `--version`) are also taken per round before the median.',
    '',
  ].join('\n');
}

function goalsTable(r) {
  const rows = [];
  const big = r.allocation?.rows.find((x) => x.n === 1000);
  if (big) {
    rows.push([
      'Allocation at N = 1000 ≤ 2× the floor',
      fmtRatio(big.allocVsFloor),
      verdict(r.allocation.goal.floor),
    ]);
    rows.push([
      '… and well ahead of naive get-port (≤ 0.5× its work)',
      fmtRatio(big.allocVsNaive),
      verdict(r.allocation.goal.naive),
    ]);
  }
  if (r.startup) {
    const env = r.startup.rows.find((x) => x.name === 'env');
    rows.push([
      `\`nso-multi env NAME\` ≤ ${STARTUP_GOAL}× \`node -e 0\``,
      fmtRatio(env.ratio),
      verdict(r.startup.goal.env),
    ]);
  }
  for (const u of r.upDown?.rows ?? []) {
    rows.push([`up N = ${u.n} ≤ 1.25× the script`, fmtRatio(u.upRatio), verdict(u.upRatio.median <= 1.25)]);
    rows.push([
      `down N = ${u.n} ≤ 1.25× the script`,
      fmtRatio(u.downRatio),
      verdict(u.downRatio.median <= 1.25),
    ]);
  }
  const nso = r.realNso;
  if (nso && !nso.skipped) {
    const within = `≤ ${nso.goal.limit}× the loop`;
    rows.push([`real NSO: up N = ${nso.n} ${within}`, fmtRatio(nso.upRatio), verdict(nso.goal.up)]);
    if (nso.upStartedRatio) {
      const same = `≤ ${nso.goal.limit}× the loop waiting for phase 2`;
      rows.push([
        `real NSO: up N = ${nso.n} ${same}`,
        fmtRatio(nso.upStartedRatio),
        verdict(nso.upStartedRatio.median <= nso.goal.limit),
      ]);
    }
    rows.push([`real NSO: down N = ${nso.n} ${within}`, fmtRatio(nso.downRatio), verdict(nso.goal.down)]);
  }
  const netsim = r.netsim;
  if (netsim && !netsim.skipped) {
    rows.push([
      `netsim: up with ${netsim.n} devices ≤ ${netsim.goal.limit}× NSO's own steps`,
      fmtRatio(netsim.upRatio),
      verdict(netsim.goal.up),
    ]);
  }
  return ['## Goals', '', table(['goal', 'measured (median, min–max)', 'status'], rows), ''].join('\n');
}

function startupTables(s) {
  const label = {
    node0: '`node -e 0` (baseline)',
    version: '`nso-multi --version`',
    env: '`nso-multi env i2` (rendered 3-instance project)',
    simVersion: '`node dist/sim/bin.js --version` (the simulator; context for up/down)',
    importExeca: '`node -e "await import(\'execa\')"` (context)',
    importSpecStack: '`node -e` importing cosmiconfig, yaml and zod (context)',
    importXmldom: '`node -e "await import(\'@xmldom/xmldom\')"` (context)',
  };
  const goal = { env: STARTUP_GOAL };
  const rows = s.rows.map((row) => [
    label[row.name],
    fmtMs(row.time, 1),
    row.name === 'node0' ? '1' : fmtRatio(row.ratio),
    goal[row.name] ? `≤ ${goal[row.name]}×: ${verdict(row.ratio.median <= goal[row.name])}` : '–',
  ]);
  const out = [
    '## 2. Start-up',
    '',
    `Goal: \`nso-multi env NAME\` within ${STARTUP_GOAL}× \`node -e 0\` (\`--version\` is context). ${s.rounds} interleaved rounds.`,
    '',
    table(['command', 'time', '÷ `node -e 0`', 'goal'], rows, ['l', 'r', 'r', 'l']),
    '',
  ];
  if (s.hyperfine) {
    out.push(
      'Cross-check with hyperfine (`-N --warmup 2 --runs 10`, medians from its JSON export; hyperfine runs each',
      'command in a block, not interleaved, so this is a sanity check of the table above, not the measurement):',
      '',
      table(
        ['command', 'median (min–max)', '÷ `node -e 0`'],
        s.hyperfine.map((h) => [label[h.name], fmtMs(h.time, 1), `${h.ratio.toFixed(2)}×`]),
        ['l', 'r', 'r'],
      ),
      '',
    );
  } else {
    out.push('hyperfine is not installed: no cross-check.', '');
  }
  return out.join('\n');
}

function collisionsText(c) {
  if (!c) return '';
  if (!c.present)
    return '## 5. Collisions\n\nbench/collisions.mjs is not present: no collision comparison.\n';
  return [
    '## 5. Collisions',
    '',
    `From \`node bench/collisions.mjs --rounds ${c.rounds}\` (see bench/README.md; it took ${c.seconds.toFixed(0)} s), as it printed it:`,
    '',
    c.table,
    '',
  ].join('\n');
}

// The before/after record is kept by hand in bench/HISTORY.md; the report links it rather than copy it, so
// the record has one home and BENCHMARKS.md holds only what its run measured.
function historyLink() {
  return [
    '## Before and after',
    '',
    'What changed between runs and what each change did, round by round, is kept by hand in',
    '[bench/HISTORY.md](bench/HISTORY.md), every figure there from runs of `npm run bench` like this one.',
    '',
    'Two fast paths were measured again at 10 and 50 instances and removed in its Round 8, as not earning their',
    'lines there: the js-yaml fast load of a spec (10–30 ms of `plan` and 15–27 ms of `render`, within the',
    'run-to-run spread of `up --sim`) and the raw TCP bind without `net.Server` (1–17 ms of `plan`; it also reached',
    "into Node.js's internal handle through `process.binding`). The code cache went without a measurement: the",
    'start-up goal is now `env` within 2× `node -e 0`, met without it (section 2).',
    '',
  ].join('\n');
}

// The whole of BENCHMARKS.md for the results of one run.
export function renderReport(r) {
  const parts = [header(r), goalsTable(r)];
  if (r.allocation) parts.push(allocationTables(r.allocation));
  if (r.startup) parts.push(startupTables(r.startup));
  if (r.upDown) parts.push(upDownTables(r.upDown));
  if (r.allocation || r.upDown) parts.push(growthTables(r));
  parts.push(collisionsText(r.collisions));
  if (r.realNso) parts.push(realNsoTables(r.realNso));
  if (r.netsim) parts.push(netsimTables(r.netsim));
  if (r.reuse) parts.push(reuseTables(r.reuse));
  if (r.diagnostics) parts.push(diagnosticsTables(r.diagnostics));
  parts.push(findings(r));
  parts.push(historyLink());
  return `${parts.filter(Boolean).join('\n')}`.replace(/\n{3,}/g, '\n\n');
}
