// Section 3: `nso-multi up --sim` / `nso-multi down` for N simulator instances against a hand-written parallel
// shell script that starts and stops the same simulator with the same rendered configs, interleaved.
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { listeningPorts } from '../lib/host-ports.mjs';
import { runTimed } from '../lib/process-run.mjs';
import { writeProject } from '../lib/projects.mjs';
import { perRound, summarize } from '../lib/stats.mjs';

export const UP_DOWN_SIZES = [1, 10, 50];
/** The N at which `up --concurrency N` is measured too, to show what the default concurrency costs. */
export const CONCURRENCY_PROBE_N = 10;

// Waits (bounded) until every port in `ports` listens (want = true) or none does (want = false).
async function expectListening(ports, want, what) {
  for (let i = 0; i < 100; i++) {
    const now = listeningPorts();
    const wrong = ports.filter((p) => now.has(p) !== want);
    if (wrong.length === 0) return;
    if (i === 99) throw new Error(`${what}: ports ${want ? 'not listening' : 'still listening'}: ${wrong}`);
    await delay(50);
  }
}

async function measureSize(ctx, n, rounds) {
  const dir = join(ctx.root, `updown-${n}`);
  const names = await writeProject(dir, n, ctx.bases[`updown${n}`]);
  ctx.workdirs.push(join(dir, '.nso-multi'));
  const upTimeout = 60_000 + n * 3_000;
  const opts = { env: ctx.env, tmp: ctx.root, cwd: dir, timeoutMs: upTimeout };
  // Render once: the script uses these run dirs and configs; `up` re-renders and finds the same ports.
  const rendered = JSON.parse((await runTimed(ctx.node, [ctx.cli, 'render', '--json'], opts)).stdout);
  const allPorts = rendered.instances.flatMap((i) => Object.values(i.ports).filter((p) => p !== null));
  await expectListening(allPorts, false, `before N=${n}`);
  const shellEnv = { ...ctx.env, NODE: ctx.node };

  const script = async () => {
    const up = await runTimed('/bin/sh', [join(ctx.benchDir, 'baseline-up.sh'), dir, ...names], {
      ...opts,
      env: shellEnv,
      rss: true,
    });
    await expectListening(allPorts, true, `baseline-up.sh N=${n}`);
    const down = await runTimed('/bin/sh', [join(ctx.benchDir, 'baseline-down.sh'), dir, ...names], {
      ...opts,
      env: shellEnv,
    });
    await expectListening(allPorts, false, `baseline-down.sh N=${n}`);
    return { up: up.ms, down: down.ms, rss: up.rssKb ?? Number.NaN };
  };
  const cli = (extra) => async () => {
    const up = await runTimed(ctx.node, [ctx.cli, 'up', '--sim', '--json', ...extra], { ...opts, rss: true });
    const doc = JSON.parse(up.stdout);
    const running = doc.instances.filter((i) => i.status === 'running').length;
    if (running !== n) throw new Error(`nso-multi up N=${n}: ${running} of ${n} running`);
    await expectListening(allPorts, true, `nso-multi up N=${n}`);
    const down = await runTimed(ctx.node, [ctx.cli, 'down'], opts);
    await expectListening(allPorts, false, `nso-multi down N=${n}`);
    return { up: up.ms, down: down.ms, rss: up.rssKb ?? Number.NaN };
  };
  const steps = [
    { name: 'script', run: script },
    { name: 'cli', run: cli([]) },
  ];
  if (n === CONCURRENCY_PROBE_N) steps.push({ name: 'cliConc', run: cli(['--concurrency', String(n)]) });
  const s = await ctx.interleave(rounds, steps, `up/down N=${n}`);
  const ratio = (a, b) => summarize(perRound(s[a], s[b], (x, y) => x / y));
  const row = {
    n,
    rounds,
    samples: s,
    scriptUp: summarize(s['script.up']),
    scriptDown: summarize(s['script.down']),
    cliUp: summarize(s['cli.up']),
    cliDown: summarize(s['cli.down']),
    upRatio: ratio('cli.up', 'script.up'),
    downRatio: ratio('cli.down', 'script.down'),
    cliRss: summarize(s['cli.rss'].map((kb) => kb / 1024)),
    scriptRss: summarize(s['script.rss'].map((kb) => kb / 1024)),
    rssRatio: ratio('cli.rss', 'script.rss'),
  };
  if (s['cliConc.up']) {
    row.conc = {
      up: summarize(s['cliConc.up']),
      down: summarize(s['cliConc.down']),
      upRatio: ratio('cliConc.up', 'script.up'),
      downRatio: ratio('cliConc.down', 'script.down'),
    };
  }
  return row;
}

// Runs up/down for every N; `roundsFor(n)` says how many interleaved rounds.
export async function upDownSection(ctx, roundsFor) {
  const rows = [];
  for (const n of UP_DOWN_SIZES) rows.push(await measureSize(ctx, n, roundsFor(n)));
  return {
    rows,
    goal: {
      up: rows.every((r) => r.upRatio.median <= 1.25),
      down: rows.every((r) => r.downRatio.median <= 1.25),
    },
  };
}
