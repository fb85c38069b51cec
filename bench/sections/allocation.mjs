// Section 1: `nso-multi plan --json` for N instances against the raw floor (one listen/close per port) and a
// naive get-port loop, interleaved round by round.
import { join } from 'node:path';
import { runTimed } from '../lib/process-run.mjs';
import { writeProject } from '../lib/projects.mjs';
import { perRound, summarize } from '../lib/stats.mjs';

export const ALLOCATION_SIZES = [10, 100, 1000];

function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} printed no JSON: ${text.slice(0, 300)}`);
  }
}

// Measures one N; returns the raw per-round samples and the derived summaries.
async function measureSize(ctx, n, rounds) {
  const base = ctx.bases.plan;
  const dir = join(ctx.root, `plan-${n}`);
  await writeProject(dir, n, base);
  // CPU time (user + system, through /usr/bin/time) as well as wall time: other load on a shared machine
  // disturbs it much less, so it shows what a change did when wall times are noisy.
  const opts = { env: ctx.env, tmp: ctx.root, timeoutMs: 120_000, resources: true };
  const checks = { moves: 0, floorTaken: 0, naiveMoved: 0 };
  // `nso-multi plan --json` in the project, checked to list all N instances.
  const runPlan = async (runOpts) => {
    const r = await runTimed(ctx.node, [ctx.cli, 'plan', '--json'], { ...runOpts, cwd: dir });
    const doc = parseJson(r.stdout, 'nso-multi plan --json');
    if (doc.instances?.length !== n) throw new Error(`plan --json listed ${doc.instances?.length} of ${n}`);
    return { ...r, doc };
  };
  const cpu = { node0: [], version: [], floor: [], naive: [], plan: [] };
  const timed = (name, r) => {
    cpu[name].push(r.cpuMs ?? Number.NaN);
    return r.ms;
  };
  const steps = [
    { name: 'node0', run: async () => timed('node0', await runTimed(ctx.node, ['-e', '0'], opts)) },
    {
      name: 'version',
      run: async () => timed('version', await runTimed(ctx.node, [ctx.cli, '--version'], opts)),
    },
    {
      name: 'floor',
      run: async () => {
        const r = await runTimed(ctx.node, [join(ctx.benchDir, 'floor.mjs'), String(base), String(n)], opts);
        checks.floorTaken = Math.max(checks.floorTaken, parseJson(r.stdout, 'floor.mjs').taken);
        return timed('floor', r);
      },
    },
    {
      name: 'naive',
      run: async () => {
        const script = join(ctx.benchDir, 'naive-get-port.mjs');
        const r = await runTimed(ctx.node, [script, String(base), String(n)], opts);
        checks.naiveMoved = Math.max(checks.naiveMoved, parseJson(r.stdout, 'naive-get-port.mjs').moved);
        return timed('naive', r);
      },
    },
    {
      name: 'plan',
      run: async () => {
        const r = await runPlan(opts);
        checks.moves = Math.max(checks.moves, r.doc.moves.length);
        return timed('plan', r);
      },
    },
  ];
  const s = await ctx.interleave(rounds, steps, `allocation N=${n}`);
  const minus = (a, b) => a - b;
  const cpuAllocation = perRound(cpu.plan, cpu.version, minus);
  const cpuFloorWork = perRound(cpu.floor, cpu.node0, minus);
  const cpuNaiveWork = perRound(cpu.naive, cpu.node0, minus);
  const allocation = perRound(s.plan, s.version, (a, b) => a - b);
  const floorWork = perRound(s.floor, s.node0, (a, b) => a - b);
  const naiveWork = perRound(s.naive, s.node0, (a, b) => a - b);
  return {
    n,
    ports: n * 4,
    rounds,
    base,
    checks,
    samples: s,
    plan: summarize(s.plan),
    version: summarize(s.version),
    node0: summarize(s.node0),
    floor: summarize(s.floor),
    naive: summarize(s.naive),
    allocation: summarize(allocation),
    floorWork: summarize(floorWork),
    naiveWork: summarize(naiveWork),
    allocVsFloor: summarize(perRound(allocation, floorWork, (a, b) => a / b)),
    allocVsNaive: summarize(perRound(allocation, naiveWork, (a, b) => a / b)),
    naiveVsFloor: summarize(perRound(naiveWork, floorWork, (a, b) => a / b)),
    cpu: {
      samples: cpu,
      plan: summarize(cpu.plan),
      version: summarize(cpu.version),
      allocation: summarize(cpuAllocation),
      floorWork: summarize(cpuFloorWork),
      naiveWork: summarize(cpuNaiveWork),
      allocVsFloor: summarize(perRound(cpuAllocation, cpuFloorWork, (a, b) => a / b)),
      allocVsNaive: summarize(perRound(cpuAllocation, cpuNaiveWork, (a, b) => a / b)),
    },
  };
}

// Runs the allocation measurements for every N; `roundsFor(n)` says how many interleaved rounds.
export async function allocationSection(ctx, roundsFor) {
  const rows = [];
  for (const n of ALLOCATION_SIZES) rows.push(await measureSize(ctx, n, roundsFor(n)));
  const big = rows.find((r) => r.n === 1000);
  return {
    rows,
    goal: {
      floor: big ? big.allocVsFloor.median <= 2 : undefined,
      // "Well ahead" of naive get-port: at most half its work.
      naive: big ? big.allocVsNaive.median <= 0.5 : undefined,
    },
  };
}
