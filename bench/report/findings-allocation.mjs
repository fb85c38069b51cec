// Findings for allocation (`plan`): what its time goes to, and what would bring it to the floor.

const ms = (v) => `${v.toFixed(0)} ms`;
/** The phases that follow one another (probing is inside preparePlan). */
const PHASE_KEYS = ['imports', 'loadSpec', 'preparePlan', 'renderTexts', 'printJson'];

function area(profile, name) {
  return profile?.areas.find((a) => a.area === name)?.share.median ?? 0;
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
  out.push(
    `${met ? 'Met' : '**Not met**'} at N = 1000: allocation ${ms(A)} = ${big.allocVsFloor.median.toFixed(2)}× the floor's ` +
      `${ms(F)} of work, and ${big.allocVsNaive.median.toFixed(2)}× naive get-port's ${ms(W)}.`,
    '',
  );
  const d = r.diagnostics;
  if (met || !d) return out;
  const big1000 = d.phases.at(-1);
  const small = d.phases[0];
  const phase = (name, run = big1000) => run.phases.find((p) => p.phase === name)?.time.median ?? 0;
  const R = phase('renderTexts');
  const L = phase('loadSpec');
  const I = phase('imports');
  const P = phase('preparePlan');
  const probing = phase('probing');
  const n = big1000.n;
  const xmldom = area(d.profile, 'npm @xmldom/xmldom') + area(d.profile, 'dist/render');
  const yaml = area(d.profile, 'npm yaml');
  const zod = area(d.profile, 'npm zod');
  const planCount = d.counts.find((c) => c.label.startsWith('nso-multi plan'));
  // The phases were timed in other processes than `plan` itself: use their shares of the phase total, applied
  // to the allocation measured in section 1, to predict what a change would save.
  const S = PHASE_KEYS.reduce((sum, k) => sum + phase(k), 0);
  const share = (v) => v / S;
  const afterA = A * (1 - share(R) * (1 - 1 / n));
  out.push(
    `**The ports are not the problem.** The probing window of \`plan\` (${big1000.probes} probes, 64 in flight) is ` +
      `${ms(probing)}, about ${(probing / F).toFixed(1)}× the floor's sequential listen/close loop: the allocator itself ` +
      `is at the floor. The rest of \`preparePlan\` (state, leases, plan building) adds ${ms(Math.max(0, P - probing))}.`,
    '',
    `**Rendering is most of it.** \`plan()\` (src/api/render.ts) calls \`renderInstanceTexts\` (src/api/instance-texts.ts), ` +
      `which renders every instance's ncs.conf: a strict xmldom parse of the template (src/render/xml-parse.ts), a ` +
      `source map of every node (xml-source-map.ts) and a preserving serialization — ${n} times for one and the same ` +
      `template. That phase takes ${ms(R)} (${(share(R) * 100).toFixed(0)} % of plan's phases); the CPU profile puts ` +
      `${(xmldom * 100).toFixed(0)} % of all samples in @xmldom/xmldom and dist/render. \`plan --json\` prints none of ` +
      'these texts: they only make a bad template fail early and collect dotenv warnings.',
    '',
    `**Spec loading and module loading come next**: loadSpec ${ms(L)} (YAML with positions and zod validation of ` +
      `${n} instances; the profile puts ${(yaml * 100).toFixed(0)} % in yaml and ${(zod * 100).toFixed(0)} % in zod), and ` +
      `importing plan's modules ${ms(I)}${planCount ? ` (${planCount.npmModules} npm modules: ${planCount.packages.map(([p, k]) => `${p} ${k}`).join(', ')})` : ''}. ` +
      `The imports are a fixed cost: at N = ${small.n} they take ${ms(phase('imports', small))} of a plan whose phases add up ` +
      `to ${ms(PHASE_KEYS.reduce((sum, k) => sum + phase(k, small), 0))}, and rendering ${small.n} instances still ` +
      `${ms(phase('renderTexts', small))} (xmldom's first parses run cold).`,
    '',
    "What should change (not done here; src/ is others' to edit), with the gain this run predicts:",
    '',
    `1. **Parse each distinct template once** (src/api/instance-texts.ts, src/render/ncs-conf.ts). Instances of one ` +
      'template differ only in the leaves nso-multi sets, so either clone the parsed document and its source map per ' +
      "instance, or compute once the text ranges of the owned leaves and splice each instance's values into the " +
      `template text. Expected: renderInstanceTexts from ${ms(R)} to about ${ms(R / n)} plus string work; allocation ` +
      `about ${ms(afterA)} = ${(afterA / F).toFixed(1)}× the floor, ${(afterA / W).toFixed(2)}× get-port. This helps ` +
      '`render` and `up` equally.',
    `2. **Let \`plan\` render only what it must**: one ncs.conf per distinct template to validate it, env texts (cheap) ` +
      'for the dotenv warnings. Same gain as 1 for `plan`, and `plan --json` would no longer need xmldom loaded at all ' +
      '(import src/render lazily), which also trims the import phase.',
    `3. **Then spec loading** (${ms(L)}): after 1, it is the largest part of what remains. Profile \`parseSpecText\` and ` +
      '`validateSpec` separately at N = 1000 before choosing; candidates are building the YAML document model with ' +
      'positions only when validation has found a problem (positions are only needed for messages), and validating ' +
      'the instance list with one pass instead of per-instance schema objects.',
    '',
  );
  const remaining = afterA - 2 * F;
  const scaled = (v) => (v * A) / S;
  const rest = scaled(L) + scaled(I) + scaled(Math.max(0, P - probing));
  out.push(
    remaining > 0
      ? `With 1 alone allocation would be about ${ms(afterA)}, still ${ms(remaining)} above 2× the floor ` +
          `(${ms(2 * F)}). Apart from probing (≈ ${ms(scaled(probing))}) what is left is spec loading ≈ ${ms(scaled(L))}, ` +
          `imports ≈ ${ms(scaled(I))} and the rest of preparePlan ≈ ${ms(scaled(Math.max(0, P - probing)))}: 2 and 3 must ` +
          `remove ${ms(remaining)} of those ${ms(rest)}` +
          (remaining > 0.7 * rest
            ? ', nearly all of it — plan has to load much less, not only render less.'
            : '.')
      : 'With 1 alone the goal would be met.',
    '',
  );
  return out;
}
