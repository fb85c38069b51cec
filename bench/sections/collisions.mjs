// Section 5: the naive-allocator collision comparison, by running bench/collisions.mjs (owned elsewhere)
// when it exists and taking the markdown table it prints.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runTimed } from '../lib/process-run.mjs';

// Runs collisions.mjs with `rounds` rounds; resolves with its stdout, or undefined when the file is absent.
export async function collisionsSection(ctx, rounds) {
  const script = join(ctx.benchDir, 'collisions.mjs');
  if (!existsSync(script)) return { present: false };
  const r = await runTimed(ctx.node, [script, '--rounds', String(rounds)], {
    env: ctx.env,
    tmp: ctx.root,
    cwd: ctx.repo,
    timeoutMs: 600_000,
  });
  return { present: true, rounds, table: r.stdout.trim(), seconds: r.ms / 1000 };
}
