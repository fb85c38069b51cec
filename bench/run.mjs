#!/usr/bin/env node
// `npm run bench`: measures nso-multi against baselines measured in the same run (allocation, start-up,
// up/down, growth, collisions, diagnostics) and rewrites BENCHMARKS.md. Runs the built dist/ with plain node.
// Options: --only SECTION[,SECTION] (allocation, startup, updown, diagnostics, collisions, real-nso, netsim, reuse; prints instead of
// writing unless --out), --out FILE, --collision-rounds N (default 2), --max-minutes M (default 20),
// --quick (2 rounds everywhere, to try the bench out: such figures are not valid and never go to BENCHMARKS.md),
// --save-results FILE (the raw figures as JSON), --report-from FILE (no measuring: writes the report of saved figures,
// e.g. after a change to the report's wording; to --out, else printed).
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { reapDaemons } from './lib/daemon-reaper.mjs';
import { ephemeralRange, listeningPorts, pickRanges } from './lib/host-ports.mjs';
import { interleave } from './lib/interleave.mjs';
import { machineInfo } from './lib/machine.mjs';
import { reapNsoDaemons } from './lib/nso-reaper.mjs';
import { killLiveChildren } from './lib/process-run.mjs';
import { layoutSpan } from './lib/projects.mjs';
import { renderReport } from './report/render-report.mjs';
import { allocationSection } from './sections/allocation.mjs';
import { collisionsSection } from './sections/collisions.mjs';
import { diagnosticsSection } from './sections/diagnostics.mjs';
import { netsimSection } from './sections/netsim.mjs';
import { realNsoSection } from './sections/real-nso.mjs';
import { reuseSection } from './sections/reuse.mjs';
import { startupSection } from './sections/startup.mjs';
import { upDownSection } from './sections/up-down.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repo = dirname(benchDir);
const SECTIONS = [
  'allocation',
  'startup',
  'updown',
  'diagnostics',
  'collisions',
  'real-nso',
  'netsim',
  'reuse',
];
/** collisions.mjs binds 23000–23999: the bench's own ranges stay below. */
const COLLISIONS_BASE = 23000;

/** The bench's projects, their sizes and the sections that use them; each gets a port range of its own. */
const RANGES = [
  { name: 'plan', n: 1000, sections: ['allocation', 'diagnostics'] },
  { name: 'startup', n: 3, sections: ['startup', 'diagnostics'] },
  { name: 'updown1', n: 1, sections: ['updown'] },
  { name: 'updown10', n: 10, sections: ['updown', 'diagnostics'] },
  { name: 'updown50', n: 50, sections: ['updown'] },
  { name: 'realnso', n: 3, sections: ['real-nso'] },
  // One instance, and its netsim block (5 ports per device) after the instance blocks.
  { name: 'netsim', n: 1, extra: 50, sections: ['netsim'] },
  // Three isolated clusters of 2 instances at once (the suite without reuse) share one layout.
  { name: 'reuse', n: 6, sections: ['reuse'] },
];

/** Interleaved rounds per measurement: at least 5 everywhere; fewer where one round is expensive. */
const ROUNDS = {
  allocation: (n) => (n >= 1000 ? 5 : 7),
  startup: 15,
  upDown: (n) => (n >= 10 ? 5 : 7),
  phases: 5,
  profiles: 5,
  realNso: 15,
  netsim: 5,
  reuse: 5,
};
const QUICK_ROUNDS = {
  allocation: () => 2,
  startup: 2,
  upDown: () => 2,
  phases: 2,
  profiles: 2,
  realNso: 2,
  netsim: 2,
  reuse: 2,
};

function options() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      out: { type: 'string' },
      'collision-rounds': { type: 'string', default: '2' },
      'max-minutes': { type: 'string', default: '20' },
      quick: { type: 'boolean', default: false },
      'save-results': { type: 'string' },
      'report-from': { type: 'string' },
    },
  });
  const only = values.only ? values.only.split(',') : SECTIONS;
  const unknown = only.filter((s) => !SECTIONS.includes(s));
  if (unknown.length > 0)
    throw new Error(`unknown section ${unknown.join(', ')}; one of ${SECTIONS.join(', ')}`);
  const out =
    values.out ??
    (values.only || values.quick || values['report-from'] ? undefined : join(repo, 'BENCHMARKS.md'));
  if (values.quick && out === join(repo, 'BENCHMARKS.md'))
    throw new Error('--quick never writes BENCHMARKS.md');
  return {
    only,
    out,
    collisionRounds: Number(values['collision-rounds']),
    maxMinutes: Number(values['max-minutes']),
    quick: values.quick,
    rounds: values.quick ? QUICK_ROUNDS : ROUNDS,
    saveResults: values['save-results'],
    reportFrom: values['report-from'],
  };
}

// Writes `text` to `file` through a temp file, so a reader never sees half of it.
async function writeWhole(file, text) {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, file);
}

// The report of figures saved by an earlier run (--save-results), without measuring anything.
async function reportFrom(opts) {
  const results = JSON.parse(readFileSync(opts.reportFrom, 'utf8'));
  results.started = new Date(results.started);
  const markdown = renderReport(results);
  if (opts.out) await writeWhole(opts.out, markdown);
  else process.stdout.write(markdown);
}

async function main() {
  const opts = options();
  if (opts.reportFrom) return reportFrom(opts);
  const cli = join(repo, 'dist', 'cli', 'main.js');
  const simBin = join(repo, 'dist', 'sim', 'bin.js');
  if (!existsSync(cli) || !existsSync(simBin)) throw new Error('dist/ is missing: run `npm run build` first');
  const started = Date.now();
  const machineAtStart = machineInfo();
  const root = await mkdtemp(join(tmpdir(), 'nso-multi-bench-'));
  const log = (message) =>
    process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)} s] ${message}\n`);
  // `npx tsc -p tsconfig.build.json` alone leaves the executables unbundled: slower than what ships.
  if (!readFileSync(cli, 'utf8').includes('../chunks/')) {
    log('warning: dist/cli/main.js is not the bundle (tsc only?); `npm run build` bundles it');
  }
  const ctx = {
    repo,
    benchDir,
    root,
    cli,
    simBin,
    node: process.execPath,
    // A private lease registry: the bench never sees or disturbs the leases of real projects on this host.
    env: {
      ...process.env,
      NSO_MULTI_LEASE_DIR: join(root, 'leases'),
      NO_COLOR: '1',
      CI: '1',
    },
    deadline: started + opts.maxMinutes * 60_000,
    workdirs: [],
    log,
    bases: {},
  };
  ctx.interleave = (rounds, steps, label) =>
    interleave(rounds, steps, { deadline: ctx.deadline, label, log });

  let cleaning;
  const cleanup = () => {
    cleaning ??= (async () => {
      killLiveChildren();
      const reaped = await reapDaemons(ctx.workdirs, root);
      if (reaped > 0) log(`ended ${reaped} simulator daemon(s) left behind`);
      const reapedNso = await reapNsoDaemons(root);
      if (reapedNso > 0) log(`ended ${reapedNso} NSO process(es) left behind`);
      await rm(root, { recursive: true, force: true });
    })();
    return cleaning;
  };
  const onSignal = (signal) => {
    log(`${signal}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const results = { options: opts, started: new Date(started) };
  try {
    const ephemeral = ephemeralRange();
    const below = Math.min(ephemeral.low, COLLISIONS_BASE);
    ctx.bases = pickRanges(
      RANGES.map(({ name, n, extra = 0 }) => ({ name, span: layoutSpan(n) + extra })),
      { from: 10000, below },
    );
    results.bases = ctx.bases;
    results.ephemeral = ephemeral;
    log(`port bases ${JSON.stringify(ctx.bases)}; work folder ${root}`);
    if (opts.only.includes('allocation'))
      results.allocation = await allocationSection(ctx, opts.rounds.allocation);
    if (opts.only.includes('startup')) results.startup = await startupSection(ctx, opts.rounds.startup);
    if (opts.only.includes('updown')) results.upDown = await upDownSection(ctx, opts.rounds.upDown);
    if (opts.only.includes('diagnostics')) {
      results.diagnostics = await diagnosticsSection(ctx, {
        phaseRounds: opts.rounds.phases,
        profileCount: opts.rounds.profiles,
      });
    }
    if (opts.only.includes('collisions')) {
      log('collisions.mjs: running');
      results.collisions = await collisionsSection(ctx, opts.collisionRounds);
    }
    if (opts.only.includes('real-nso')) results.realNso = await realNsoSection(ctx, opts.rounds.realNso);
    if (opts.only.includes('netsim')) results.netsim = await netsimSection(ctx, opts.rounds.netsim);
    if (opts.only.includes('reuse')) results.reuse = await reuseSection(ctx, opts.rounds.reuse);
  } finally {
    await cleanup();
  }
  const listening = listeningPorts();
  // Only the ranges of the sections that ran: another program may take a port in an unused one meanwhile.
  const used = RANGES.filter(({ sections }) => sections.some((s) => opts.only.includes(s)));
  results.leftListening = used.flatMap(({ name, n, extra = 0 }) => {
    const base = ctx.bases[name];
    const end = base + layoutSpan(n) + extra;
    return base === undefined ? [] : [...listening].filter((p) => p >= base && p < end);
  });

  results.seconds = (Date.now() - started) / 1000;
  results.machine = { ...machineAtStart, loadAtEnd: machineInfo().load };
  if (opts.saveResults) await writeWhole(opts.saveResults, `${JSON.stringify(results, null, 1)}\n`);
  const markdown = renderReport(results);
  if (opts.out) {
    await writeWhole(opts.out, markdown);
    log(`wrote ${opts.out} in ${results.seconds.toFixed(0)} s`);
  } else {
    process.stdout.write(markdown);
  }
  if (results.leftListening.length > 0) {
    throw new Error(`listeners left in the bench's port ranges: ${results.leftListening.join(', ')}`);
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
  process.exitCode = 1;
}
