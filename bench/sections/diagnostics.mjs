// Diagnostics behind the findings: where `plan` spends its time (phases, interleaved with the floor; CPU
// profile areas), and what each command does (TCP listens, fsyncs, child processes, modules loaded).
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { summarizeProfile } from '../lib/cpu-profile.mjs';
import { runTimed } from '../lib/process-run.mjs';
import { perRound, summarize } from '../lib/stats.mjs';

const PHASES = ['imports', 'loadSpec', 'preparePlan', 'probing', 'renderTexts', 'printJson'];
const PROFILED_FUNCTIONS = [
  'renderInstanceTexts',
  'loadSpec',
  'preparePlan',
  'allocatePorts',
  'parseSpecText',
];

// Phase times of `plan` at N (fresh process each), interleaved with the floor and `node -e 0`.
async function planPhases(ctx, n, rounds) {
  const dir = join(ctx.root, `plan-${n}`);
  const opts = { env: ctx.env, tmp: ctx.root, cwd: dir, timeoutMs: 120_000 };
  let probes = 0;
  const steps = [
    { name: 'node0', run: async () => (await runTimed(ctx.node, ['-e', '0'], opts)).ms },
    {
      name: 'floor',
      run: async () => {
        const args = [join(ctx.benchDir, 'floor.mjs'), String(ctx.bases.plan), String(n)];
        return (await runTimed(ctx.node, args, opts)).ms;
      },
    },
    {
      name: 'phases',
      run: async () => {
        const r = await runTimed(ctx.node, [join(ctx.benchDir, 'probes', 'plan-phases.mjs')], opts);
        const phases = JSON.parse(r.stdout);
        probes = phases.probes;
        return Object.fromEntries(PHASES.map((p) => [p, phases[p]]));
      },
    },
  ];
  const s = await ctx.interleave(rounds, steps, `plan phases N=${n}`);
  const floorWork = perRound(s.floor, s.node0, (a, b) => a - b);
  return {
    n,
    rounds,
    probes,
    floorWork: summarize(floorWork),
    phases: PHASES.map((p) => ({
      phase: p,
      time: summarize(s[`phases.${p}`]),
      vsFloor: summarize(perRound(s[`phases.${p}`], floorWork, (a, b) => a / b)),
    })),
  };
}

// Median share (of sampled time) per profile area over `runs` profiled runs of `plan --json` at N.
async function planProfile(ctx, n, runs) {
  const dir = join(ctx.root, `plan-${n}`);
  const profDir = join(ctx.root, 'profiles');
  const shares = new Map();
  const inclusive = new Map(PROFILED_FUNCTIONS.map((f) => [f, []]));
  const totals = [];
  for (let i = 0; i < runs; i++) {
    if (Date.now() > ctx.deadline) throw new Error('the time budget ran out while profiling');
    await rm(profDir, { recursive: true, force: true });
    await mkdir(profDir);
    const args = ['--cpu-prof', '--cpu-prof-dir', profDir, ctx.cli, 'plan', '--json'];
    await runTimed(ctx.node, args, { env: ctx.env, tmp: ctx.root, cwd: dir, timeoutMs: 120_000 });
    const [file] = await readdir(profDir);
    const summary = summarizeProfile(join(profDir, file), PROFILED_FUNCTIONS);
    totals.push(summary.totalMs);
    for (const { area, ms } of summary.areas) {
      if (!shares.has(area)) shares.set(area, []);
      shares.get(area)[i] = ms / summary.totalMs;
    }
    for (const f of PROFILED_FUNCTIONS) inclusive.get(f).push(summary.inclusive[f] / summary.totalMs);
  }
  await rm(profDir, { recursive: true, force: true });
  const filled = (list) => Array.from({ length: runs }, (_, i) => list[i] ?? 0);
  return {
    n,
    runs,
    total: summarize(totals),
    areas: [...shares]
      .map(([area, list]) => ({ area, share: summarize(filled(list)) }))
      .sort((a, b) => b.share.median - a.share.median),
    inclusive: PROFILED_FUNCTIONS.map((f) => ({ name: f, share: summarize(inclusive.get(f)) })),
  };
}

// One instrumented run of a command: its counts and the modules it loaded, by package.
async function instrumented(ctx, label, args, cwd) {
  const out = join(ctx.root, `instrument-${label.replace(/\W+/g, '-')}.json`);
  const preload = join(ctx.benchDir, 'probes', 'instrument.mjs');
  await runTimed(ctx.node, ['--import', preload, ...args], {
    env: { ...ctx.env, BENCH_INSTRUMENT_OUT: out },
    tmp: ctx.root,
    cwd,
    timeoutMs: 180_000,
  });
  const data = JSON.parse(await readFile(out, 'utf8'));
  const packages = new Map();
  let own = 0;
  for (const url of data.modules) {
    const nm = url.lastIndexOf('node_modules/');
    if (nm < 0) {
      own++;
      continue;
    }
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    packages.set(name, (packages.get(name) ?? 0) + 1);
  }
  return {
    label,
    tcpListen: data.tcpListen,
    unixListen: data.unixListen,
    fsync: data.fsync,
    childProcesses: data.childProcesses,
    ownModules: own,
    npmModules: data.modules.length - own,
    packages: [...packages].sort((a, b) => b[1] - a[1]),
  };
}

// Runs every diagnostic; the up/down projects must be stopped (the up/down section leaves them so).
export async function diagnosticsSection(ctx, { phaseRounds, profileRuns }) {
  const phases = await planPhases(ctx, 1000, phaseRounds);
  const profile = await planProfile(ctx, 1000, profileRuns);
  const startup = join(ctx.root, 'startup');
  const up10 = join(ctx.root, 'updown-10');
  const counts = [];
  counts.push(await instrumented(ctx, 'nso-multi --version', [ctx.cli, '--version'], startup));
  counts.push(await instrumented(ctx, 'nso-multi env i2', [ctx.cli, 'env', 'i2'], startup));
  counts.push(
    await instrumented(
      ctx,
      'nso-multi plan --json (N=1000)',
      [ctx.cli, 'plan', '--json'],
      join(ctx.root, 'plan-1000'),
    ),
  );
  counts.push(await instrumented(ctx, 'nso-multi up --sim (N=10)', [ctx.cli, 'up', '--sim', '--json'], up10));
  counts.push(await instrumented(ctx, 'nso-multi down (N=10)', [ctx.cli, 'down'], up10));
  counts.push(await instrumented(ctx, 'simulator --version', [ctx.simBin, '--version'], startup));
  return { phases, profile, counts };
}
