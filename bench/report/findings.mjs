// The "Findings" section of BENCHMARKS.md: for each goal, whether it was met and, where it was not, why
// (from this run's diagnostics) and what should change in src/, with the gain this run's numbers predict.
import { findingsAllocation } from './findings-allocation.mjs';
import { findingsUpDown } from './findings-up-down.mjs';

function findingsStartup(r) {
  const s = r.startup;
  if (!s) return [];
  const ratio = (name) => s.rows.find((x) => x.name === name).ratio.median;
  const count = (label) => r.diagnostics?.counts.find((c) => c.label.startsWith(label));
  const env = count('nso-multi env');
  const version = count('nso-multi --version');
  const modules = (c) =>
    c
      ? `${c.ownModules} nso-multi modules and ${c.npmModules} npm modules${c.packages.length ? ` (${c.packages.map(([n, k]) => `${n} ${k}`).join(', ')})` : ''}`
      : 'n/a';
  const out = ['### 2. Start-up', ''];
  const met = s.goal.env;
  out.push(
    `${met ? 'Met' : '**Not met**'}: \`env\` ${ratio('env').toFixed(2)}×, \`--version\` ${ratio('version').toFixed(2)}× \`node -e 0\`. ` +
      `\`env\` loads ${modules(env)}; \`--version\` loads ${modules(version)}.` +
      (env && env.npmModules === 0
        ? ' The `env` path reads the state file and hashes the spec text without any npm package ' +
          '(src/state/project-state.ts); what is left over `node -e 0` is loading its own modules and reading two files.'
        : ''),
    '',
  );
  if (!met) {
    out.push(
      'What to change: whatever npm package appears in the `env` row above is imported statically somewhere on the',
      'path src/cli/main.ts → run-cli.ts → commands/env.ts → project/instance-env.ts → state/project-state.ts; load it',
      'lazily. Expected: the ratio back to that of `--version`.',
      '',
    );
  }
  return out;
}

// The findings section for the results of one run.
export function findings(r) {
  return [
    '## Findings',
    '',
    ...findingsAllocation(r),
    ...findingsStartup(r),
    ...findingsUpDown(r),
    'The numbers above are what to compare against after a change (`npm run bench`).',
    '',
  ].join('\n');
}
