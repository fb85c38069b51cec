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

function diagnosis(r) {
  const u = r.upDown;
  const out = [];
  const one = u.rows.find((row) => row.n === 1);
  const count = (label) => r.diagnostics?.counts.find((c) => c.label.startsWith(label));
  const upCount = count('nso-multi up');
  const downCount = count('nso-multi down');
  const prof = r.diagnostics?.upDown;
  const floor = one?.nodeThenScript;
  if (one) {
    out.push(
      `**Fixed cost (N = 1).** up takes ${ms(one.cliUp.median - one.scriptUp.median)} longer than the script and ` +
        `${x(one.upCpuRatio.median)} its CPU; down ${ms(one.cliDown.median - one.scriptDown.median)} longer and ` +
        `${x(one.downCpuRatio.median)} its CPU.` +
        (floor
          ? ` \`node -e 0\` followed by the script — about what a command-line tool written for Node.js costs if it ` +
            `then did what the script does — took ${x(floor.upRatio.median)} the script for up and ` +
            `${x(floor.downRatio.median)} for down in the same rounds.`
          : ''),
      '',
    );
    if (floor) {
      const node0 = startupRow(r, 'node0')?.time.median;
      const allowance = 0.25 * one.scriptDown.median;
      out.push(
        `- **down at N = 1** stops the daemon the way NSO documents, with \`ncs --stop\`: for the simulator a Node.js ` +
          `process, the very command the script runs. It costs about what \`node -e 0\` followed by the script costs ` +
          `(${x(one.downRatio.median)} against ${x(floor.downRatio.median)}): beyond starting Node.js, its own work is ` +
          `no more than the script's shell steps. ≤ 1.25× would leave it ${ms(allowance)} over the script` +
          (node0 !== undefined ? `, less than \`node -e 0\` alone takes here (${ms(node0)})` : '') +
          ': out of reach for any tool written for Node.js that stops NSO with `ncs --stop`.' +
          (downCount
            ? ` (Its process loads ${downCount.ownModules} nso-multi modules and makes ${downCount.fsync} fsyncs.)`
            : ''),
        `- **up at N = 1** (${x(one.upRatio.median)}; \`node -e 0\` then the script: ${x(floor.upRatio.median)}) does not ` +
          "run the script's start command: it starts the daemon itself (one Node.js start fewer than `node -e 0` + the " +
          'script) and confirms readiness with `ncs --wait-started` (another Node.js start, in parallel with the ' +
          "daemon's), which is how a real NSO is known to be ready. The rest is its own work before the daemon starts: " +
          'loading and validating the spec, rendering (identical files are no longer rewritten), probing and leasing ' +
          'the ports' +
          (upCount
            ? ` (at N = 10: ${upCount.ownModules} nso-multi modules, ${upCount.fsync} fsyncs, ${upCount.childProcesses} child processes)`
            : '') +
          '.',
        '',
      );
    }
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
        (cpuCli >= cpuScript
          ? `the CPU difference (${ms(cpuCli - cpuScript)} per instance) is the up process itself.`
          : `up's CPU per instance is ${ms(cpuScript - cpuCli)} below the script's.`),
      '',
    );
  }
  if (prof) {
    const loader = shareOf(prof.up, 'node module loader');
    out.push(
      `**Where the up process's CPU goes** (N = ${prof.n}, ${prof.up.runs} profiled runs): busy ${ms(prof.up.busy.median)} ` +
        `per run of ${ms(prof.up.total.median)} sampled (${pct(shareOf(prof.up, 'idle (waiting)'))} idle); module loading ` +
        `${pct(loader)} of the samples, \`ChildProcess.spawn\` ${pct(inclusiveOf(prof.up, 'ChildProcess.spawn'))}, ` +
        `rendering (\`ncsConfText\`) ${pct(inclusiveOf(prof.up, 'ncsConfText'))}. The down process: busy ` +
        `${ms(prof.down.busy.median)} per run, \`ChildProcess.spawn\` ${pct(inclusiveOf(prof.down, 'ChildProcess.spawn'))}, ` +
        `module loading ${pct(shareOf(prof.down, 'node module loader'))}.`,
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
  return [
    'What could still move `up` (not done; each keeps a guarantee the script does not give):',
    '',
    '1. **Skip loading and rendering when nothing changed**: `up` validates the spec and renders every instance ' +
      'on every run (the files are no longer rewritten when identical, but they are computed); with the plan ' +
      'kept in the state and a hash of the spec, its templates and the NSO version, an unchanged project could ' +
      'go straight to probing, leasing and starting.',
    '2. **Readiness without a process**: for the simulator `ncs --wait-started` costs a Node.js start per ' +
      'instance (a real NSO is asked with `ncs_cmd -c "wait-start 2"`, its C client, without an Erlang VM: ' +
      'section 6).',
    '',
    `Not measured as a cause here: \`--concurrency\` (default twice \`availableParallelism()\`, ${2 * r.machine.nproc} on ` +
      'this machine, against the script starting all at once).',
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
