// Fills the CLI's code cache (src/cli/compile-cache.ts) before anything is measured: every command the bench
// times runs once, untimed, in a 1-instance project of its own. A user's second run of a command starts from
// the cache; the bench measures that, and shows the cold start beside it (section 2, `--version` and `env`
// with NODE_DISABLE_COMPILE_CACHE=1; section 1, plan at N = 1000 likewise).
import { join } from 'node:path';
import { runTimed } from './process-run.mjs';
import { writeProject } from './projects.mjs';

export async function warmUp(ctx) {
  const dir = join(ctx.root, 'warmup');
  await writeProject(dir, 1, ctx.bases.warmup);
  ctx.workdirs.push(join(dir, '.nso-multi'));
  const opts = { env: ctx.env, tmp: ctx.root, cwd: dir, timeoutMs: 60_000 };
  const commands = [
    ['--version'],
    ['plan', '--json'],
    ['render', '--json'],
    ['env', 'i1'],
    ['status'],
    ['up', '--sim', '--json'],
    ['down', '--purge'],
  ];
  // runTimed rejects on a non-zero exit, so a broken command stops the bench here.
  for (const args of commands) await runTimed(ctx.node, [ctx.cli, ...args], opts);
  ctx.log('warm-up: the CLI code cache is filled');
}
