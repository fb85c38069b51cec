// Findings for up/down: where `up` loses against the script, and what would close the gap.

const ms = (v) => `${v.toFixed(0)} ms`;
const x = (v) => `${v.toFixed(2)}×`;

// The up/down findings.
export function findingsUpDown(r) {
  const u = r.upDown;
  if (!u) return [];
  const out = ['### 3. up / down', ''];
  const line = (row) =>
    `N = ${row.n}: up ${x(row.upRatio.median)}, down ${x(row.downRatio.median)}`;
  out.push(
    `up: ${u.goal.up ? 'met' : '**not met**'}; down: ${u.goal.down ? 'met' : '**not met**'} (${u.rows.map(line).join('; ')}).`,
    '',
  );
  if (u.goal.up && u.goal.down) return out;
  const nproc = r.machine.nproc;
  const conc = u.rows.find((row) => row.conc);
  const count = (label) => r.diagnostics?.counts.find((c) => c.label.startsWith(label));
  const upCount = count('nso-multi up');
  const downCount = count('nso-multi down');
  const sim = r.startup?.rows.find((row) => row.name === 'simVersion');
  const node0 = r.startup?.rows.find((row) => row.name === 'node0');
  const small = u.rows.find((row) => row.n === 1);
  if (!u.goal.up) {
    if (conc) {
      out.push(
        `**Concurrency.** \`up\` starts at most \`availableParallelism()\` instances at a time (src/run/up.ts; ${nproc} on ` +
          `this machine); the script starts all at once. Starting is mostly waiting — for the daemon, then for ` +
          '`ncs --wait-started`, which the simulator answers by polling the IPC port every 100 ms — so a CPU-count limit ' +
          `leaves the machine idle between starts. At N = ${conc.n}: default ${x(conc.upRatio.median)} the script, ` +
          `\`--concurrency ${conc.n}\` ${x(conc.conc.upRatio.median)}.`,
        '',
      );
    }
    if (small) {
      out.push(
        `**Fixed cost.** At N = 1 up is ${x(small.upRatio.median)} the script: before it starts anything, \`up\` loads the ` +
          'spec machinery (cosmiconfig, yaml, zod), renders again (xmldom; see section 1), writes the files with fsyncs ' +
          `and the state${upCount ? ` (${upCount.fsync} fsyncs in the up process at N = 10, ${upCount.npmModules} npm modules loaded)` : ''}.`,
        '',
      );
    }
    if (upCount) {
      out.push(
        `**Per-instance work.** At N = 10 the up process made ${upCount.childProcesses} child processes (per instance the ` +
          'start gate shell that execs the daemon, and a separate `ncs --wait-started`) and ' +
          `${upCount.fsync} fsyncs: each state update (pid recorded, then running) rewrites the whole state file with an ` +
          'fsync of the file and of its folder, one update at a time through the state store\'s queue ' +
          '(src/state/state-store.ts, src/host/atomic-file.ts), so the bytes written grow with N².',
        '',
      );
    }
    if (sim && node0) {
      out.push(
        `**The simulator's control commands are heavy.** \`node dist/sim/bin.js --version\` takes ${ms(sim.time.median)} ` +
          `(${x(sim.ratio.median)} \`node -e 0\`): src/sim/main.ts imports the daemon and its ncs.conf parser (xmldom) ` +
          'even for `--status`, `--stop`, `--wait-started` and `--version`. up and down each run one such command per ' +
          'instance (the script runs one per instance too, so this costs both sides the same time, but on a ' +
          `${nproc}-CPU machine it is CPU the up process competes for).`,
        '',
      );
    }
    out.push(
      'What should change, with the gain this run predicts:',
      '',
      `1. **A larger default \`--concurrency\`** (src/run/up.ts): e.g. \`max(availableParallelism(), 16)\`, or no limit ` +
        'for the simulator; a start is waiting, not computing. ' +
        (conc
          ? `Expected at N = ${conc.n}: from ${x(conc.upRatio.median)} to about ${x(conc.conc.upRatio.median)} the script, as measured above.`
          : ''),
      '2. **Coalesce state writes** (src/state/state-store.ts): updates queued while a write is in flight go into one ' +
        `write; pids still reach the disk before each daemon is released from its gate. Expected: up to 2·N fewer ` +
        'full-file writes and fsync pairs; small on tmpfs or a fast SSD, larger on slow disks.',
      '3. **Lazy imports in the simulator** (src/sim/main.ts): load daemon.js/daemonize.js (and so xmldom) only for a ' +
        (sim && node0
          ? `start. Expected: about ${ms(sim.time.median - node0.time.median)} less per control command, i.e. per instance ` +
            'for up and again for down (both for nso-multi and for the script).'
          : 'start.'),
      '4. **Wait for readiness without polling** where possible: for the simulator, `--wait-started` could block on ' +
        'the daemon\'s "started" instead of retrying every 100 ms; for a real NSO, first wait for the IPC port to ' +
        'accept a connection (in-process, no child), then run `ncs --wait-started` once.',
      '',
    );
  }
  if (!u.goal.down && downCount) {
    out.push(
      `**down.** Per instance, \`down\` runs \`ncs --stop\` through execa, then polls the pid every 50 ms until it is gone ` +
        `(src/run/stop-instance.ts, wait-until.ts); at N = 10 it made ${downCount.childProcesses} child processes and ` +
        `${downCount.fsync} fsyncs. The script only waits for \`--stop\`, which returns once the listeners are closed. ` +
        'Suggestion: check liveness right after `--stop` returns and poll only while the process is still there, and ' +
        'apply 3 above.',
      '',
    );
  }
  return out;
}
