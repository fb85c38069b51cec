// Findings for allocation (`plan`): whether the goal was met and, where not, where the time goes beyond probing.

const ms = (v) => `${v.toFixed(0)} ms`;
const pct = (v) => `${(v * 100).toFixed(0)} %`;
/** The phases that follow one another (probing is inside preparePlan). */
const PHASE_KEYS = ['imports', 'loadSpec', 'preparePlan', 'renderTexts', 'printJson'];

function area(profile, name) {
  return profile?.areas.find((a) => a.area === name)?.share.median ?? 0;
}

// The share of the profile in nso-multi's own code (dist/...).
function ownShare(profile) {
  return (profile?.areas ?? [])
    .filter((a) => a.area.startsWith('dist/') || a.area === 'dist')
    .reduce((sum, a) => sum + a.share.median, 0);
}

// The allocation findings, or a line saying the goal was met.
export function findingsAllocation(r) {
  const big = r.allocation?.rows.find((x) => x.n === 1000);
  if (!big) return [];
  const out = ['### 1. Allocation', ''];
  const F = big.floorWork.median;
  const A = big.allocation.median;
  const W = big.naiveWork.median;
  const met = r.allocation.goal.floor && r.allocation.goal.naive;
  const cpu = big.cpu && Number.isFinite(big.cpu.allocVsFloor.median) ? big.cpu : undefined;
  out.push(
    `At N = 1000, ≤ 2× the floor ${r.allocation.goal.floor ? 'met' : '**not met**'}, ≤ 0.5× get-port ` +
      `${r.allocation.goal.naive ? 'met' : '**not met**'}: allocation ${ms(A)} = ${big.allocVsFloor.median.toFixed(2)}× the floor's ` +
      `${ms(F)} of work, and ${big.allocVsNaive.median.toFixed(2)}× naive get-port's ${ms(W)}` +
      (cpu
        ? `; in CPU time ${cpu.allocVsFloor.median.toFixed(2)}× the floor and ${cpu.allocVsNaive.median.toFixed(2)}× get-port.`
        : '.'),
    '',
  );
  const d = r.diagnostics;
  if (met || !d) return out;
  const run = d.phases.at(-1);
  const small = d.phases[0];
  const phase = (name, at = run) => at.phases.find((p) => p.phase === name)?.time.median ?? 0;
  const probing = phase('probing');
  const S = PHASE_KEYS.reduce((sum, k) => sum + phase(k), 0);
  // The phases were timed in other processes than `plan` itself: their shares of the phase total, applied to
  // the allocation of section 1, say how much of it each one is.
  const scaled = (v) => (S > 0 ? (v * A) / S : 0);
  const rest = Math.max(0, phase('preparePlan') - probing);
  const planCount = d.counts.find((c) => c.label.startsWith('nso-multi plan'));
  const p = d.profile;
  const lib = (name) => area(p, `npm ${name}`);
  out.push(
    `**${probing <= 1.25 * F ? 'Probing is at or below the floor.' : 'Probing is above the floor.'}** The probing window of ` +
      `\`plan\` (${run.probes} probes through net.Server, 64 in flight) is ${ms(probing)}, ` +
      `${(probing / F).toFixed(1)}× the floor's sequential net.Server loop. ` +
      (r.allocation.goal.floor
        ? `Allocation is within 2× the floor; to be at most half of naive get-port's work it would have to fit in ` +
          `${ms(W / 2)}, and besides probing it takes ≈ ${ms(A - scaled(probing))}.`
        : `Everything else is what keeps allocation above 2× the floor: the goal leaves it about one floor ` +
          `(${ms(F)}), and it takes ≈ ${ms(A - scaled(probing))}.`),
    '',
    `**Where the rest goes** (phases at N = ${run.n}, scaled to this allocation; at N = ${small.n} in brackets):`,
    '',
    `- imports ≈ ${ms(scaled(phase('imports')))} (${ms(phase('imports', small))}): loading plan's modules` +
      (planCount
        ? planCount.npmModules === 0
          ? ` (${planCount.ownModules} files of the bundle, none from node_modules)`
          : `, ${planCount.npmModules} of them from npm (${planCount.packages.map(([name, k]) => `${name} ${k}`).join(', ')})`
        : '') +
      " — a fixed cost, the same at every N (the phase probe imports tsc's unbundled modules, so this overstates what the bundled CLI pays);",
    `- loadSpec ≈ ${ms(scaled(phase('loadSpec')))} (${ms(phase('loadSpec', small))}): reading, YAML-parsing with ` +
      'positions and validating the spec (zod, then the rules) — grows with N;',
    `- preparePlan without probing ≈ ${ms(scaled(rest))} (${ms(Math.max(0, phase('preparePlan', small) - phase('probing', small)))}): ` +
      'state, leases, the allocator, building the plan;',
    `- renderInstanceTexts ≈ ${ms(scaled(phase('renderTexts')))} (${ms(phase('renderTexts', small))}): one ncs.conf per ` +
      "template, every env file's values checked; JSON ≈ " +
      `${ms(scaled(phase('printJson')))}.`,
    '',
    `By code, the CPU profile of \`plan --json\` at N = ${p.n} puts ${pct(lib('yaml'))} of its samples in yaml, ` +
      `${pct(lib('zod'))} in zod, ${pct(lib('@xmldom/xmldom'))} in @xmldom/xmldom, ` +
      `${pct(area(p, 'node module loader'))} in Node's module loader, ${pct(area(p, 'garbage collector'))} in the ` +
      `garbage collector, ${pct(area(p, 'node core'))} in Node's core (the sockets of the probes among it) and ` +
      `${pct(ownShare(p))} in nso-multi's own code.`,
    '',
    'What is left, and what would move it:',
    '',
    `1. **Fixed cost** (the imports line above, and the first run of cold code): at N = ${r.allocation.rows[0].n} allocation is ` +
      `${ms(r.allocation.rows[0].allocation.median)} against ${ms(r.allocation.rows[0].floorWork.median)} of floor work. ` +
      'The CLI is bundled (its own code and its packages in a few dozen files, loaded per command) and does not ' +
      "load cosmiconfig for a YAML spec; what remains is compiling and running zod's, yaml's and xmldom's module " +
      'code (zod builds every schema object with its methods) and the first, unoptimised run of all of it.',
    `2. **Validation** (zod ${pct(lib('zod'))} of the profile): one zod pass per instance (groups an instance ` +
      'leaves out take a value parsed once), then the rules.',
    `3. **Garbage collection** (${pct(area(p, 'garbage collector'))}): probes, parsed instances and the plan are ` +
      'many short-lived objects.',
    '4. **Probing in parallel** was tried: a worker thread taking part of the probes made `plan` slower on this 2-CPU machine (see the before/after record, bench/HISTORY.md), so it is not used.',
    '',
  );
  return out;
}
