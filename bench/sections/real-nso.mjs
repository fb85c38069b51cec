// Section 6: `nso-multi up` / `nso-multi down` of 3 real NSO instances (no --sim) against a hand-written parallel
// shell loop that starts (`ncs --cd RUNDIR -c NCSCONF`) and stops (`ncs --stop`) the same instances with the same
// env files, interleaved, after one untimed warm-up round of each (the first start creates the CDB). The loop's
// up is also timed with a wait for phase 2 after each start (`ncs_cmd -c "wait-start 2"`): the daemonizing `ncs`
// returns before NSO has fully started, `nso-multi up` only once it has.
// Skipped, with the reason, when no NSO is installed (bench/lib/locate-nso.mjs).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { listeningPorts } from '../lib/host-ports.mjs';
import { locateNso, nsoEnv } from '../lib/locate-nso.mjs';
import { pidsNaming } from '../lib/nso-reaper.mjs';
import { runTimed } from '../lib/process-run.mjs';
import { STRIDE } from '../lib/projects.mjs';
import { perRound, summarize } from '../lib/stats.mjs';

export const REAL_NSO_INSTANCES = 3;
/** The goal: nso-multi within 5 % of the loop, up and down. */
export const REAL_NSO_GOAL = 1.05;

// Waits (bounded, 30 s) until every port in `ports` listens (want = true) or none does (want = false).
async function expectListening(ports, want, what) {
  for (let i = 0; ; i++) {
    const wrong = ports.filter((p) => listeningPorts().has(p) !== want);
    if (wrong.length === 0) return;
    if (i === 300) throw new Error(`${what}: ports ${want ? 'not listening' : 'still listening'}: ${wrong}`);
    await delay(100);
  }
}

// Waits (bounded, 30 s) until no process names `dir` any more: every daemon of the project has exited.
async function expectNoDaemon(dir, what) {
  for (let i = 0; pidsNaming(dir).length > 0; i++) {
    if (i === 300) throw new Error(`${what}: daemons still running: ${pidsNaming(dir).join(', ')}`);
    await delay(100);
  }
}

export async function realNsoSection(ctx, rounds) {
  const found = await locateNso(ctx.repo, ctx.env);
  if (!found.ncsDir) {
    ctx.log(`real-nso: skipped: ${found.reason}`);
    return { skipped: found.reason };
  }
  const n = REAL_NSO_INSTANCES;
  const dir = join(ctx.root, 'real-nso');
  const names = Array.from({ length: n }, (_, i) => `i${i + 1}`);
  await mkdir(dir, { recursive: true });
  const spec = [
    'project: benchnso',
    `layout: { base: ${ctx.bases.realnso}, stride: ${STRIDE} }`,
    'instances:',
    ...names.map((name) => `  - name: ${name}`),
  ];
  await writeFile(join(dir, 'nso-multi.yaml'), `${spec.join('\n')}\n`);
  const env = nsoEnv(ctx.env, found.ncsDir);
  const opts = { env, tmp: ctx.root, cwd: dir, timeoutMs: 300_000 };
  const version = (await runTimed(join(found.ncsDir, 'bin', 'ncs'), ['--version'], opts)).stdout.trim();
  ctx.log(`real-nso: NSO ${version} at ${found.ncsDir}`);
  // Render once: the loop uses these run dirs, configs and env files; `up` re-renders and finds the same ports.
  const rendered = JSON.parse((await runTimed(ctx.node, [ctx.cli, 'render', '--json'], opts)).stdout);
  const ports = rendered.instances.flatMap((i) => Object.values(i.ports).filter((p) => p !== null));
  await expectListening(ports, false, 'before real-nso');

  const baseline = (file, ...flags) => ['/bin/sh', [join(ctx.benchDir, file), ...flags, dir, ...names]];
  const loop =
    (...flags) =>
    async () => {
      const up = await runTimed(...baseline('baseline-up-nso.sh', ...flags), opts);
      await expectListening(ports, true, 'baseline-up-nso.sh');
      const down = await runTimed(...baseline('baseline-down-nso.sh'), opts);
      await expectListening(ports, false, 'baseline-down-nso.sh');
      await expectNoDaemon(dir, 'baseline-down-nso.sh');
      return { up: up.ms, down: down.ms };
    };
  const cli = async () => {
    // Plain `up`, as a user types it (`up --json` also probes every listener again to print the status
    // document); the check that every instance runs is `status --json`, untimed.
    const up = await runTimed(ctx.node, [ctx.cli, 'up'], opts);
    const doc = JSON.parse((await runTimed(ctx.node, [ctx.cli, 'status', '--json'], opts)).stdout);
    const running = doc.instances.filter((i) => i.status === 'running').length;
    if (running !== n) throw new Error(`nso-multi up: ${running} of ${n} running`);
    await expectListening(ports, true, 'nso-multi up');
    const down = await runTimed(ctx.node, [ctx.cli, 'down'], opts);
    await expectListening(ports, false, 'nso-multi down');
    await expectNoDaemon(dir, 'nso-multi down');
    return { up: up.ms, down: down.ms };
  };
  const steps = [
    { name: 'script', run: loop() },
    { name: 'started', run: loop('--wait-started') },
    { name: 'cli', run: cli },
  ];
  // The first start of each instance creates its CDB, and the first `up` caches `ncs --version`: not measured.
  await ctx.interleave(1, steps, 'real-nso warm-up');
  const s = await ctx.interleave(rounds, steps, `real-nso up/down N=${n}`);
  const ratio = (a, b) => summarize(perRound(s[a], s[b], (x, y) => x / y));
  const upRatio = ratio('cli.up', 'script.up');
  const upStartedRatio = ratio('cli.up', 'started.up');
  const downRatio = ratio('cli.down', 'script.down');
  return {
    n,
    rounds,
    version,
    samples: s,
    scriptUp: summarize(s['script.up']),
    scriptDown: summarize(s['script.down']),
    startedUp: summarize(s['started.up']),
    cliUp: summarize(s['cli.up']),
    cliDown: summarize(s['cli.down']),
    upRatio,
    upStartedRatio,
    downRatio,
    goal: {
      limit: REAL_NSO_GOAL,
      up: upRatio.median <= REAL_NSO_GOAL,
      down: downRatio.median <= REAL_NSO_GOAL,
    },
  };
}
