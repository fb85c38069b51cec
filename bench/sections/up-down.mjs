// Section 3: `nso-multi up --sim` / `nso-multi down` for N simulator instances against a hand-written parallel
// shell script that starts and stops the same simulator with the same rendered configs, interleaved.
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { listeningPorts } from '../lib/host-ports.mjs';
import { runTimed } from '../lib/process-run.mjs';
import { writeProject } from '../lib/projects.mjs';
import { perRound, summarize } from '../lib/stats.mjs';

export const UP_DOWN_SIZES = [1, 10, 50];

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

  const measured = (up, down) => ({
    up: up.ms,
    down: down.ms,
    rss: up.rssKb ?? Number.NaN,
    upCpu: up.cpuMs ?? Number.NaN,
    downCpu: down.cpuMs ?? Number.NaN,
  });
  const script = async () => {
    const shOpts = { ...opts, env: shellEnv, resources: true };
    const up = await runTimed('/bin/sh', [join(ctx.benchDir, 'baseline-up.sh'), dir, ...names], shOpts);
    await expectListening(allPorts, true, `baseline-up.sh N=${n}`);
    const down = await runTimed('/bin/sh', [join(ctx.benchDir, 'baseline-down.sh'), dir, ...names], shOpts);
    await expectListening(allPorts, false, `baseline-down.sh N=${n}`);
    return measured(up, down);
  };
  const cli = async () => {
    const cliOpts = { ...opts, resources: true };
    const up = await runTimed(ctx.node, [ctx.cli, 'up', '--sim', '--json'], cliOpts);
    const doc = JSON.parse(up.stdout);
    const running = doc.instances.filter((i) => i.status === 'running').length;
    if (running !== n) throw new Error(`nso-multi up N=${n}: ${running} of ${n} running`);
    await expectListening(allPorts, true, `nso-multi up N=${n}`);
    const down = await runTimed(ctx.node, [ctx.cli, 'down'], cliOpts);
    await expectListening(allPorts, false, `nso-multi down N=${n}`);
    return measured(up, down);
  };
  // At N = 1 the fixed costs decide: `node -e 0` followed by the script is what any command-line tool written
  // for Node.js pays at the least if it then did exactly what the script does (start-up, then the same work).
  const nodeThenScript = async () => {
    const shOpts = { ...opts, env: shellEnv, resources: true };
    const chained = (file) => [
      '-c',
      '"$NODE" -e 0 && exec /bin/sh "$0" "$@"',
      join(ctx.benchDir, file),
      dir,
      ...names,
    ];
    const up = await runTimed('/bin/sh', chained('baseline-up.sh'), shOpts);
    await expectListening(allPorts, true, `node -e 0 + baseline-up.sh N=${n}`);
    const down = await runTimed('/bin/sh', chained('baseline-down.sh'), shOpts);
    await expectListening(allPorts, false, `node -e 0 + baseline-down.sh N=${n}`);
    return measured(up, down);
  };
  const steps = [
    { name: 'script', run: script },
    { name: 'cli', run: cli },
    ...(n === 1 ? [{ name: 'nodeThenScript', run: nodeThenScript }] : []),
  ];
  const s = await ctx.interleave(rounds, steps, `up/down N=${n}`);
  const ratio = (a, b) => summarize(perRound(s[a], s[b], (x, y) => x / y));
  return {
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
    cliUpCpu: summarize(s['cli.upCpu']),
    scriptUpCpu: summarize(s['script.upCpu']),
    upCpuRatio: ratio('cli.upCpu', 'script.upCpu'),
    cliDownCpu: summarize(s['cli.downCpu']),
    scriptDownCpu: summarize(s['script.downCpu']),
    downCpuRatio: ratio('cli.downCpu', 'script.downCpu'),
    ...(s['nodeThenScript.up']
      ? {
          nodeThenScript: {
            up: summarize(s['nodeThenScript.up']),
            down: summarize(s['nodeThenScript.down']),
            upRatio: ratio('nodeThenScript.up', 'script.up'),
            downRatio: ratio('nodeThenScript.down', 'script.down'),
          },
        }
      : {}),
  };
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
