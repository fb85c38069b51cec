// Section 7: `nso-multi up` of one real NSO instance with a 10-device netsim network (cisco-ios-cli-3.8, the CLI
// NED of the test runtime), from nothing (no network, no CDB), against NSO's own steps in a shell script
// (bench/baseline-up-netsim.sh: ncs-netsim create-network, ncs-netsim start, ncs-setup --netsim-dir, ncs), also
// from nothing, interleaved after one untimed warm-up round of each. The script is timed twice: with
// `ncs-netsim start` (one device after the other, as the documentation shows it) and with `ncs-netsim -a start`.
// Every round is checked untimed (NSO answers, every device runs) and torn down (`down --purge`, or the
// baseline's stop and removal). Skipped, with the reason, without an NSO installation holding that NED.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { locateNso, nsoEnv } from '../lib/locate-nso.mjs';
import { runTimed } from '../lib/process-run.mjs';
import { STRIDE } from '../lib/projects.mjs';
import { perRound, summarize } from '../lib/stats.mjs';

export const NETSIM_DEVICES = 10;
/** The goal: nso-multi within 10 % of NSO's own steps. */
export const NETSIM_GOAL = 1.1;
const NED = ['packages', 'neds', 'cisco-ios-cli-3.8'];

export async function netsimSection(ctx, rounds) {
  const found = await locateNso(ctx.repo, ctx.env);
  if (!found.ncsDir) {
    ctx.log(`netsim: skipped: ${found.reason}`);
    return { skipped: found.reason };
  }
  const ned = join(found.ncsDir, ...NED);
  if (!existsSync(join(ned, 'netsim'))) {
    const reason = `no ${NED.join('/')} with a netsim folder in ${found.ncsDir}`;
    ctx.log(`netsim: skipped: ${reason}`);
    return { skipped: reason };
  }
  const n = NETSIM_DEVICES;
  const dir = join(ctx.root, 'netsim');
  await mkdir(join(dir, 'project'), { recursive: true });
  const project = join(dir, 'project');
  const spec = [
    'project: benchnetsim',
    `layout: { base: ${ctx.bases.netsim}, stride: ${STRIDE} }`,
    'instances:',
    '  - name: nso',
    `    netsim: [{ ned: ${JSON.stringify(ned)}, count: ${n}, prefix: ios }]`,
  ];
  await writeFile(join(project, 'nso-multi.yaml'), `${spec.join('\n')}\n`);
  const env = nsoEnv(ctx.env, found.ncsDir);
  const opts = { env, tmp: ctx.root, cwd: dir, timeoutMs: 600_000 };
  const inProject = { ...opts, cwd: project };

  // NSO answers and every device of the network runs; `ncs-netsim is-alive` asks each device's ConfD.
  const check = async (netsimDir, nsoDir, what) => {
    const alive = await runTimed('ncs-netsim', ['--dir', netsimDir, 'is-alive'], opts);
    const ok = (alive.stdout.match(/ OK$/gm) ?? []).length;
    if (ok !== n) throw new Error(`${what}: ${ok} of ${n} devices alive`);
    await runTimed('ncs', ['--status'], { ...opts, cwd: nsoDir });
  };
  const hand =
    (...flags) =>
    async (round) => {
      const here = join(dir, `hand-${round}`);
      const script = join(ctx.benchDir, 'baseline-up-netsim.sh');
      const up = await runTimed('/bin/sh', [script, ...flags, here, ned, String(n), 'ios'], opts);
      try {
        await check(join(here, 'netsim'), join(here, 'nso'), 'baseline-up-netsim.sh');
      } finally {
        await runTimed('/bin/sh', [join(ctx.benchDir, 'baseline-down-netsim.sh'), here], opts);
      }
      return up.ms;
    };
  const cli = async () => {
    const up = await runTimed(ctx.node, [ctx.cli, 'up'], inProject);
    try {
      const doc = JSON.parse((await runTimed(ctx.node, [ctx.cli, 'status', '--json'], inProject)).stdout);
      const running = doc.instances[0]?.netsim?.devices.filter((d) => d.running).length ?? 0;
      if (doc.instances[0]?.status !== 'running' || running !== n) {
        throw new Error(`nso-multi up: NSO ${doc.instances[0]?.status}, ${running} of ${n} devices running`);
      }
    } finally {
      await runTimed(ctx.node, [ctx.cli, 'down', '--purge'], inProject);
    }
    return up.ms;
  };
  const steps = [
    { name: 'script', run: hand() },
    { name: 'parallel', run: hand('--parallel') },
    { name: 'cli', run: cli },
  ];
  await ctx.interleave(1, steps, 'netsim warm-up');
  const s = await ctx.interleave(rounds, steps, `netsim up, ${n} devices`);
  const ratio = (a, b) => summarize(perRound(s[a], s[b], (x, y) => x / y));
  const upRatio = ratio('cli', 'script');
  return {
    n,
    rounds,
    samples: s,
    script: summarize(s.script),
    parallel: summarize(s.parallel),
    cli: summarize(s.cli),
    upRatio,
    parallelRatio: ratio('cli', 'parallel'),
    goal: { limit: NETSIM_GOAL, up: upRatio.median <= NETSIM_GOAL },
  };
}
