// Findings for up/down: where `up` and `down` lose against the script (fixed cost, per-instance cost), from
// this run's timings, CPU times, profiles and counts, and what would close the gap.

const ms = (v) => `${v.toFixed(0)} ms`;
const x = (v) => `${v.toFixed(2)}×`;
const pct = (v) => `${(v * 100).toFixed(0)} %`;

function shareOf(run, area) {
  return run?.areas.find((a) => a.area === area)?.share.median ?? 0;
}

function inclusiveOf(run, label) {
  return run?.inclusive.find((f) => f.name.includes(label))?.share.median ?? 0;
}

// Marginal cost per added instance between the two largest N, for one pick of the row.
function marginal(rows, pick) {
  const [a, b] = rows.slice(-2);
  return a && b ? (pick(b).median - pick(a).median) / (b.n - a.n) : Number.NaN;
}

function startupRow(r, name) {
  return r.startup?.rows.find((row) => row.name === name);
}

// Import costs measured in the start-up section: the module minus `node -e 0`, by name.
function importCost(r, name) {
  const row = startupRow(r, name);
  const node0 = startupRow(r, 'node0');
  return row && node0 ? row.time.median - node0.time.median : undefined;
}

function diagnosis(r) {
  const u = r.upDown;
  const out = [];
  const one = u.rows.find((row) => row.n === 1);
  const count = (label) => r.diagnostics?.counts.find((c) => c.label.startsWith(label));
  const upCount = count('nso-multi up');
  const downCount = count('nso-multi down');
  const prof = r.diagnostics?.upDown;
  const execa = importCost(r, 'importExeca');
  const specStack = importCost(r, 'importSpecStack');
  const xmldom = importCost(r, 'importXmldom');
  if (one) {
    out.push(
      `**Fixed cost.** At N = 1, up takes ${ms(one.cliUp.median - one.scriptUp.median)} longer than the script and ` +
        `${x(one.upCpuRatio.median)} its CPU; down ${ms(one.cliDown.median - one.scriptDown.median)} longer and ` +
        `${x(one.downCpuRatio.median)} its CPU. Before it starts anything, \`up\` imports ` +
        `${upCount ? `${upCount.ownModules} nso-multi and ${upCount.npmModules} npm modules` : 'the whole library'}` +
        (execa !== undefined
          ? ` — measured alone, importing execa costs ${ms(execa)}, cosmiconfig + yaml + zod ${ms(specStack)}, ` +
            `xmldom ${ms(xmldom)} over \`node -e 0\` —`
          : '') +
        ' then loads the spec and renders every instance again (section 1), with fsyncs for every file' +
        (upCount ? ` (${upCount.fsync} fsyncs in the up process at N = 10)` : '') +
        '. `down` runs its `ncs --stop` calls through plain `spawn`' +
        (downCount ? ` (${downCount.npmModules} npm modules loaded)` : '') +
        '.',
      '',
    );
  }
  const rows = u.rows;
  const wallCli = marginal(rows, (row) => row.cliUp);
  const wallScript = marginal(rows, (row) => row.scriptUp);
  const cpuCli = marginal(rows, (row) => row.cliUpCpu);
  const cpuScript = marginal(rows, (row) => row.scriptUpCpu);
  if (Number.isFinite(wallCli)) {
    out.push(
      `**Per instance.** Between the two largest N each added instance costs up ${ms(wallCli)} of wall time and ` +
        `${ms(cpuCli)} of CPU, the script ${ms(wallScript)} and ${ms(cpuScript)}. Both run one Node.js process per ` +
        'instance besides the daemon (up: `ncs --wait-started`; the script: the daemonizing start command), so ' +
        `the CPU difference (${ms(cpuCli - cpuScript)} per instance) is the up process itself` +
        (upCount
          ? `: at N = 10 it spawned ${upCount.childProcesses} processes (per instance the start gate shell that execs ` +
            'the daemon, and `--wait-started`) and wrote the state file after each step of each ' +
            'instance (each write an fsync of the file and one of its folder, one at a time through the state ' +
            "store's queue, and each rewrites the whole document, so the bytes grow with N²)"
          : '') +
        '.',
      '',
    );
  }
  if (prof) {
    const loader = shareOf(prof.up, 'node module loader');
    out.push(
      `**Where the up process's CPU goes** (N = ${prof.n}, ${prof.up.runs} profiled runs): busy ${ms(prof.up.busy.median)} ` +
        `per run of ${ms(prof.up.total.median)} sampled (${pct(shareOf(prof.up, 'idle (waiting)'))} idle); module loading ` +
        `${pct(loader)} of the samples, \`ChildProcess.spawn\` ${pct(inclusiveOf(prof.up, 'ChildProcess.spawn'))}, execa's ` +
        `own code ${pct(shareOf(prof.up, 'npm execa'))}, rendering (\`ncsConfText\`) ${pct(inclusiveOf(prof.up, 'ncsConfText'))}. ` +
        `The down process: busy ${ms(prof.down.busy.median)} per run, \`ChildProcess.spawn\` ` +
        `${pct(inclusiveOf(prof.down, 'ChildProcess.spawn'))}, execa ${pct(shareOf(prof.down, 'npm execa'))}, module ` +
        `loading ${pct(shareOf(prof.down, 'node module loader'))}.`,
      '',
    );
  }
  const sim = startupRow(r, 'simVersion');
  if (sim && sim.ratio.median > 1.2) {
    out.push(
      `**The simulator's control commands** take ${x(sim.ratio.median)} \`node -e 0\` (\`--version\` measured): every ` +
        '`--wait-started` and `--stop` pays that, for nso-multi and the script alike.',
      '',
    );
  }
  return out;
}

function suggestions(r) {
  const specStack = importCost(r, 'importSpecStack');
  return [
    'What should change, with the gain this run predicts:',
    '',
    '1. **Render only what changed in `up`** (src/run/up.ts → src/api/render.ts): when the state is current (hash of ' +
      'the spec and its templates unchanged, every assigned port still leased, probed free) skip loading the spec with ' +
      'cosmiconfig/yaml/zod ' +
      `and rendering; otherwise apply section 1's template fix. Expected: ${specStack !== undefined ? `about ${ms(specStack)} of imports ` : 'the spec imports '}` +
      'and the rendering time off every `up` of an unchanged project.',
    '2. **Coalesce state writes** (src/state/state-store.ts): updates queued while a write is in flight go into one ' +
      'write; each pid still reaches the disk before its daemon leaves the start gate. Expected: up to 2·N fewer ' +
      'whole-file writes and fsync pairs per up; small on tmpfs or a fast SSD, larger on slow disks.',
    '3. **Bundle the command-line entry** (one file per lazily loaded command instead of ~130 own and ~175 npm ' +
      'modules): tried once with a bundler, 130–220 ms less wall time per spec-loading command; needs a build step.',
    "4. **zod without its locales**: zod's main entry loads all its locale modules (about 80 ms of CPU per " +
      'spec-loading command); only `zod/mini` avoids that, which means rewriting the schema in its functional API.',
    '',
    `Not measured as a cause here: \`--concurrency\` (default \`availableParallelism()\`, ${r.machine.nproc} on this ` +
      'machine, against the script starting all at once). On a machine with few CPUs starting is CPU-bound either way; ' +
      'on a larger machine a higher default may matter and is worth its own measurement.',
    '',
  ];
}

// The up/down findings.
export function findingsUpDown(r) {
  const u = r.upDown;
  if (!u) return [];
  const line = (row) => `N = ${row.n}: up ${x(row.upRatio.median)}, down ${x(row.downRatio.median)}`;
  const out = [
    '### 3. up / down',
    '',
    `up: ${u.goal.up ? 'met' : '**not met**'}; down: ${u.goal.down ? 'met' : '**not met**'} (${u.rows.map(line).join('; ')}).`,
    '',
  ];
  if (u.goal.up && u.goal.down) return out;
  return [...out, ...diagnosis(r), ...suggestions(r)];
}
