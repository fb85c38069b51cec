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
  const opts = { env: ctx.env, tmp: ctx.root, timeoutMs: 120_000 };
  const checks = { moves: 0, floorTaken: 0, naiveMoved: 0 };
  const steps = [
    { name: 'node0', run: async () => (await runTimed(ctx.node, ['-e', '0'], opts)).ms },
    { name: 'version', run: async () => (await runTimed(ctx.node, [ctx.cli, '--version'], opts)).ms },
    {
      name: 'floor',
      run: async () => {
        const r = await runTimed(ctx.node, [join(ctx.benchDir, 'floor.mjs'), String(base), String(n)], opts);
        checks.floorTaken = Math.max(checks.floorTaken, parseJson(r.stdout, 'floor.mjs').taken);
        return r.ms;
      },
    },
    {
      name: 'naive',
      run: async () => {
        const script = join(ctx.benchDir, 'naive-get-port.mjs');
        const r = await runTimed(ctx.node, [script, String(base), String(n)], opts);
        checks.naiveMoved = Math.max(checks.naiveMoved, parseJson(r.stdout, 'naive-get-port.mjs').moved);
        return r.ms;
      },
    },
    {
      name: 'plan',
      run: async () => {
        const r = await runTimed(ctx.node, [ctx.cli, 'plan', '--json'], { ...opts, cwd: dir });
        const doc = parseJson(r.stdout, 'nso-multi plan --json');
        if (doc.instances?.length !== n)
          throw new Error(`plan --json listed ${doc.instances?.length} of ${n}`);
        checks.moves = Math.max(checks.moves, doc.moves.length);
        return r.ms;
      },
    },
  ];
  const s = await ctx.interleave(rounds, steps, `allocation N=${n}`);
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
