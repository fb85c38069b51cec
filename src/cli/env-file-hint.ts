// How to use the first instance's env file, for the exports' closing lines.
import { relative } from 'node:path';
import type { Plan } from '../model.js';

// "`. .env.nso1` or `nso-multi exec nso1 -- …`", with the env file's real path relative to the working dir.
export function envFileHint(plan: Plan, cwd: string): string {
  const first = plan.instances[0];
  if (first === undefined) return 'no instances';
  const file = relative(cwd, first.envFile) || first.envFile;
  return `. ${file.includes('/') ? file : `./${file}`}, or nso-multi exec ${first.name} -- …`;
}
