// Section 2: start-up of `nso-multi env NAME` and `nso-multi --version` against `node -e 0` (and, for the
// up/down findings, the simulator's control path), interleaved; plus a hyperfine cross-check when installed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTimed } from '../lib/process-run.mjs';
import { writeProject } from '../lib/projects.mjs';
import { perRound, summarize } from '../lib/stats.mjs';

function hyperfinePath() {
  try {
    return execFileSync('sh', ['-c', 'command -v hyperfine'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;

// hyperfine's medians (ms) for the same commands; not interleaved, so only a cross-check.
async function hyperfineCheck(ctx, dir, commands) {
  const bin = hyperfinePath();
  if (bin === undefined) return undefined;
  const out = join(ctx.root, 'hyperfine.json');
  const args = ['-N', '--warmup', '2', '--runs', '10', '--export-json', out, '--style', 'none'];
  args.push(...commands.map((c) => c.map(quote).join(' ')));
  await runTimed(bin, args, { cwd: dir, env: ctx.env, tmp: ctx.root, timeoutMs: 180_000 });
  const results = JSON.parse(readFileSync(out, 'utf8')).results;
  return results.map((r) => ({ median: r.median * 1000, min: r.min * 1000, max: r.max * 1000 }));
}

/** The goal: `nso-multi env NAME` within this many times `node -e 0`. */
export const STARTUP_GOAL = 2;

// Renders a 3-instance project and measures the start-up commands in `rounds` interleaved rounds.
export async function startupSection(ctx, rounds) {
  const dir = join(ctx.root, 'startup');
  await writeProject(dir, 3, ctx.bases.startup);
  const opts = { env: ctx.env, tmp: ctx.root, cwd: dir, timeoutMs: 60_000 };
  await runTimed(ctx.node, [ctx.cli, 'render', '--json'], opts);
  ctx.workdirs.push(join(dir, '.nso-multi'));
  const commands = {
    node0: [ctx.node, '-e', '0'],
    version: [ctx.node, ctx.cli, '--version'],
    env: [ctx.node, ctx.cli, 'env', 'i2'],
    simVersion: [ctx.node, ctx.simBin, '--version'],
  };
  // What importing nso-multi's heavier dependencies costs on its own (context for plan, up and down).
  const imports = {
    importExeca: ['execa'],
    importSpecStack: ['cosmiconfig', 'yaml', 'zod'],
    importXmldom: ['@xmldom/xmldom'],
  };
  for (const [name, packages] of Object.entries(imports)) {
    const code = packages.map((p) => `await import(${JSON.stringify(import.meta.resolve(p))});`).join(' ');
    commands[name] = [ctx.node, '--input-type=module', '-e', code];
  }
  const steps = Object.entries(commands).map(([name, [cmd, ...args]]) => ({
    name,
    run: async () => {
      const r = await runTimed(cmd, args, opts);
      if (name === 'env' && !r.stdout.includes('NCS_IPC_PORT'))
        throw new Error('env printed no NCS_IPC_PORT');
      return r.ms;
    },
  }));
  const s = await ctx.interleave(rounds, steps, 'start-up');
  const vs = (name) => summarize(perRound(s[name], s.node0, (a, b) => a / b));
  const rows = Object.keys(commands).map((name) => ({ name, time: summarize(s[name]), ratio: vs(name) }));
  let hyperfine;
  try {
    const checked = ['node0', 'version', 'env', 'simVersion'];
    const medians = await hyperfineCheck(
      ctx,
      dir,
      checked.map((name) => commands[name]),
    );
    if (medians) {
      hyperfine = checked.map((name, i) => ({
        name,
        time: medians[i],
        ratio: medians[i].median / medians[0].median,
      }));
    }
  } catch (error) {
    ctx.log(`hyperfine cross-check skipped: ${error.message}`);
  }
  const ratio = (name) => rows.find((r) => r.name === name).ratio.median;
  return { rounds, rows, hyperfine, commands, goal: { env: ratio('env') <= STARTUP_GOAL } };
}
