// Diagnostics behind the findings: where `plan` spends its time (phases, interleaved with the floor; CPU
// profile areas), and what each command does (TCP listens, fsyncs, child processes, modules loaded).
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { summarizeProfile } from '../lib/cpu-profile.mjs';
import { runTimed } from '../lib/process-run.mjs';
import { writeProject } from '../lib/projects.mjs';
import { perRound, summarize } from '../lib/stats.mjs';

/** Plan phases are measured at a small N (fixed costs) and the largest (what grows). */
const PHASE_SIZES = [10, 1000];
const PHASES = ['imports', 'loadSpec', 'preparePlan', 'probing', 'renderTexts', 'printJson'];
const fn = (name, url) => ({ label: `\`${name}\``, name, url });
// Synchronous functions only: an async function's frame covers just the code between its awaits, so its
// inclusive time in a profile says little.
const PLAN_FUNCTIONS = [
  fn('ncsConfText', '/dist/project/'),
  fn('parseXmlStrict', '/dist/render/'),
  fn('mapSource', '/dist/render/'),
  fn('serializePreserving', '/dist/render/'),
  fn('parseSpecText', '/dist/spec/'),
  { label: 'zod `safeParse`', name: 'safeParse', url: 'zod' },
];
const UP_DOWN_FUNCTIONS = [
  fn('ncsConfText', '/dist/project/'),
  fn('parseSpecText', '/dist/spec/'),
  { label: 'execa call (`execaCoreAsync`, sync part)', name: 'execaCoreAsync', url: 'execa' },
  {
    label: '`ChildProcess.spawn` (every spawn)',
    name: 'ChildProcess.spawn',
    url: 'node:internal/child_process',
  },
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
        // Wall time per phase, and the process's CPU time per phase (`cpu.<phase>`; none for the probing window).
        return Object.fromEntries([
          ...PHASES.map((p) => [p, phases[p]]),
          ...PHASES.map((p) => [`cpu.${p}`, phases.cpu?.[p] ?? Number.NaN]),
        ]);
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
      cpu: summarize(s[`phases.cpu.${p}`] ?? []),
      vsFloor: summarize(perRound(s[`phases.${p}`], floorWork, (a, b) => a / b)),
    })),
  };
}

// Median share of the sampled time per area and per function of interest, over runs given as lists of
// .cpuprofile files (one list per run; a run's files are added up).
function summarizeRuns(runFiles, functions) {
  const runs = runFiles.length;
  const shares = new Map();
  const inclusive = new Map(functions.map((f) => [f.label, []]));
  const totals = [];
  const busy = [];
  runFiles.forEach((files, i) => {
    const summaries = files.map((f) => summarizeProfile(f, functions));
    const total = summaries.reduce((sum, p) => sum + p.totalMs, 0);
    const byArea = new Map();
    for (const p of summaries)
      for (const { area, ms } of p.areas) byArea.set(area, (byArea.get(area) ?? 0) + ms);
    totals.push(total);
    busy.push(total - (byArea.get('idle (waiting)') ?? 0));
    for (const [area, ms] of byArea) {
      if (!shares.has(area)) shares.set(area, []);
      shares.get(area)[i] = ms / total;
    }
    for (const f of functions) {
      inclusive.get(f.label).push(summaries.reduce((sum, p) => sum + p.inclusive[f.label], 0) / total);
    }
  });
  const filled = (list) => Array.from({ length: runs }, (_, i) => list[i] ?? 0);
  return {
    runs,
    total: summarize(totals),
    busy: summarize(busy),
    areas: [...shares]
      .map(([area, list]) => ({ area, share: summarize(filled(list)) }))
      .sort((a, b) => b.share.median - a.share.median),
    inclusive: functions.map((f) => ({ name: f.label, share: summarize(inclusive.get(f.label)) })),
  };
}

// Runs `command` (CLI arguments) under --cpu-prof writing into a fresh folder; resolves with the profile files.
async function profiled(ctx, command, cwd, label) {
  const dir = join(ctx.root, 'profiles', label);
  await mkdir(dir, { recursive: true });
  const args = ['--cpu-prof', '--cpu-prof-dir', dir, ctx.cli, ...command];
  await runTimed(ctx.node, args, { env: ctx.env, tmp: ctx.root, cwd, timeoutMs: 180_000 });
  return (await readdir(dir)).map((f) => join(dir, f));
}

// Profiles of `plan --json` at N.
async function planProfile(ctx, n, runs) {
  const cwd = join(ctx.root, `plan-${n}`);
  const files = [];
  for (let i = 0; i < runs; i++) {
    if (Date.now() > ctx.deadline) throw new Error('the time budget ran out while profiling plan');
    files.push(await profiled(ctx, ['plan', '--json'], cwd, `plan-${i}`));
  }
  return { n, ...summarizeRuns(files, PLAN_FUNCTIONS) };
}

// Profiles of the `up --sim` process and of the `down` process after it, at N (the daemons are not profiled).
async function upDownProfiles(ctx, n, runs) {
  const cwd = join(ctx.root, `updown-${n}`);
  const up = [];
  const down = [];
  for (let i = 0; i < runs; i++) {
    if (Date.now() > ctx.deadline) throw new Error('the time budget ran out while profiling up/down');
    up.push(await profiled(ctx, ['up', '--sim', '--json'], cwd, `up-${i}`));
    down.push(await profiled(ctx, ['down'], cwd, `down-${i}`));
  }
  return { n, up: summarizeRuns(up, UP_DOWN_FUNCTIONS), down: summarizeRuns(down, UP_DOWN_FUNCTIONS) };
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

// The project folder `name` of N instances, created (and rendered) here when an earlier section did not.
async function ensureProject(ctx, name, n, base, render) {
  const dir = join(ctx.root, name);
  if (existsSync(join(dir, 'nso-multi.yaml'))) return dir;
  await writeProject(dir, n, base);
  if (render) {
    const opts = { env: ctx.env, tmp: ctx.root, cwd: dir, timeoutMs: 120_000 };
    await runTimed(ctx.node, [ctx.cli, 'render', '--json'], opts);
    ctx.workdirs.push(join(dir, '.nso-multi'));
  }
  return dir;
}

// Runs every diagnostic; the up/down projects must be stopped (the up/down section leaves them so).
export async function diagnosticsSection(ctx, { phaseRounds, profileCount }) {
  for (const n of PHASE_SIZES) await ensureProject(ctx, `plan-${n}`, n, ctx.bases.plan, false);
  const startup = await ensureProject(ctx, 'startup', 3, ctx.bases.startup, true);
  const up10 = await ensureProject(ctx, 'updown-10', 10, ctx.bases.updown10, true);
  const phases = [];
  for (const n of PHASE_SIZES) phases.push(await planPhases(ctx, n, phaseRounds));
  const profile = await planProfile(ctx, 1000, profileCount);
  const upDown = await upDownProfiles(ctx, 10, profileCount);
  await rm(join(ctx.root, 'profiles'), { recursive: true, force: true });
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
  return { phases, profile, upDown, counts };
}
