// The diagnostics section of BENCHMARKS.md: plan's phases, its CPU profile by area, and per-command counts.
import { table } from '../lib/markdown.mjs';
import { fmtMs, fmtRatio } from '../lib/stats.mjs';

const PHASE_TEXT = {
  imports: 'importing the modules plan needs',
  loadSpec: 'loadSpec: read, YAML-parse and validate the spec',
  preparePlan: 'preparePlan: state, ephemeral range, leases, allocation (probes), plan',
  probing: '… of which the probing window (first probe start to last probe end)',
  renderTexts: 'renderInstanceTexts (check only): one ncs.conf per template, every env file’s values',
  printJson: 'plan document + JSON.stringify',
};

const pct = (s) =>
  `${(s.median * 100).toFixed(1)} % (${(s.min * 100).toFixed(1)}–${(s.max * 100).toFixed(1)})`;

// Areas and functions of the up and down processes' CPU profiles, side by side.
function upDownProfileTables(p) {
  if (!p) return [];
  const areas = [...new Set([...p.up.areas.slice(0, 10), ...p.down.areas.slice(0, 10)].map((a) => a.area))];
  const shareOf = (run, area) => run.areas.find((a) => a.area === area)?.share;
  const cell = (s) => (s ? pct(s) : '–');
  return [
    `### CPU profiles of the \`up --sim\` and \`down\` processes (N = ${p.n}, ${p.up.runs} runs each)`,
    '',
    `Only the nso-multi process is profiled, not the daemons or the \`ncs\` commands it runs. Sampled per run: up ` +
      `${fmtMs(p.up.total)}, of it busy (not idle) ${fmtMs(p.up.busy)}; down ${fmtMs(p.down.total)}, busy ${fmtMs(p.down.busy)}.`,
    '',
    table(
      ['area (self time)', 'up', 'down'],
      areas.map((area) => [area, cell(shareOf(p.up, area)), cell(shareOf(p.down, area))]),
      ['l', 'r', 'r'],
    ),
    '',
    table(
      ['function (inclusive)', 'up', 'down'],
      p.up.inclusive.map((f, i) => [f.name, pct(f.share), pct(p.down.inclusive[i].share)]),
      ['l', 'r', 'r'],
    ),
    '',
  ];
}

// The diagnostics tables.
export function diagnosticsTables(d) {
  const { profile, counts } = d;
  const big = d.phases.at(-1);
  const header = [
    'phase',
    ...d.phases.map((p) => `N = ${p.n}`),
    `÷ floor work (N = ${big.n})`,
    `CPU (N = ${big.n})`,
  ];
  const rows = big.phases.map((p, i) => [
    PHASE_TEXT[p.phase] ?? p.phase,
    ...d.phases.map((run) => fmtMs(run.phases[i].time)),
    fmtRatio(p.vsFloor),
    p.cpu ? fmtMs(p.cpu) : 'n/a',
  ]);
  const out = [
    '## Diagnostics',
    '',
    '### Where `plan --json` spends its time',
    '',
    "`bench/probes/plan-phases.mjs` runs plan's steps one by one through dist/ internals in a fresh process,",
    `interleaved with the floor for the same ports and \`node -e 0\` (${big.rounds} rounds per N; ${d.phases
      .map((p) => `${p.probes} probes at N = ${p.n}`)
      .join(', ')}).`,
    '',
    table(header, rows, ['l', ...d.phases.map(() => 'r'), 'r', 'r']),
    '',
    `Floor work in the same rounds: ${d.phases.map((p) => `${fmtMs(p.floorWork)} at N = ${p.n}`).join(', ')}.`,
    '',
    `### CPU profile of \`plan --json\` (N = ${profile.n}, \`node --cpu-prof\`, ${profile.runs} runs)`,
    '',
    `Share of the sampled time (median, min–max over the runs; sampled total ${fmtMs(profile.total)} per run, the`,
    'profiler slows the process down somewhat). Self time by where the code lives:',
    '',
    table(
      ['area', 'share'],
      profile.areas.slice(0, 12).map((a) => [a.area, pct(a.share)]),
      ['l', 'r'],
    ),
    '',
    'Inclusive (function and everything it calls):',
    '',
    table(
      ['function', 'share'],
      profile.inclusive.map((f) => [f.name, pct(f.share)]),
      ['l', 'r'],
    ),
    '',
    ...upDownProfileTables(d.upDown),
    '### What each command does',
    '',
    'One run each with `bench/probes/instrument.mjs` preloaded (counts in the nso-multi process itself, not its',
    'children; counts do not vary from run to run the way times do): TCP/Unix `listen` calls, fsyncs, child',
    'processes, and modules loaded.',
    '',
    table(
      [
        'command',
        'TCP listens',
        'Unix listens',
        'fsyncs',
        'child processes',
        'nso-multi modules',
        'npm modules',
        'npm packages (modules)',
      ],
      counts.map((c) => [
        c.label,
        c.tcpListen,
        c.unixListen,
        c.fsync,
        c.childProcesses,
        c.ownModules,
        c.npmModules,
        c.packages.map(([name, n]) => `${name} ${n}`).join(', ') || '–',
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
    '',
  ];
  return out.join('\n');
}
