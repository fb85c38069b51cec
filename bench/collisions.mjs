#!/usr/bin/env node
// How often do ports collide when 8 processes allocate at the same moment? Runs the same scenario twice —
// (a) naive: each worker asks get-port for 6 × 4 ports in 23000–23999, then binds them; (b) nso-multi: each
// worker runs `nso-multi render --json` in its own project (all with layout base 23000), then binds the ports
// it was given — and prints a markdown table. Not a test: see bench/README.md. Needs a build (dist/).
import { execFile, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SELF = fileURLToPath(import.meta.url);
const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const WORKERS = 8;
const INSTANCES = 6;
const LISTENERS = 4;
const BASE = 23000;
const HOST = '127.0.0.1';
const STEP_TIMEOUT_MS = 60_000;
const run = promisify(execFile);

// Resolves `promise`, or rejects once `ms` passed: every wait of the bench is bounded.
function bounded(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// The next IPC message of `type` from `source` (the parent, or a forked worker).
function nextMessage(source, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message?.type !== type) return;
      source.off('message', onMessage);
      resolve(message);
    };
    source.on('message', onMessage);
    source.once('exit', (code) => reject(new Error(`worker exited (${code}) before "${type}"`)));
  });
}

// Naive: one get-port call per port, the way a test helper would ask for a free port.
async function naivePorts() {
  const { default: getPort, portNumbers } = await import('get-port');
  const ports = [];
  for (let i = 0; i < INSTANCES * LISTENERS; i++) {
    ports.push(await getPort({ port: portNumbers(BASE, BASE + 999), host: HOST }));
  }
  return ports;
}

// nso-multi: `render` allocates under the host-wide lease registry and prints the plan.
async function nsoMultiPorts(dir) {
  const { stdout } = await run(process.execPath, [CLI, 'render', '--json'], {
    cwd: dir,
    timeout: STEP_TIMEOUT_MS,
  });
  return JSON.parse(stdout).instances.flatMap((i) => Object.values(i.ports).filter((p) => p !== null));
}

function bind(port) {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen({ port, host: HOST, exclusive: true }, () => resolve(server));
  });
}

// A worker: waits for "go", allocates, binds every port for real, reports, holds until "release".
async function worker(approach, dir) {
  process.once('disconnect', () => process.exit(0));
  const go = nextMessage(process, 'go');
  process.send({ type: 'ready' });
  await go;
  const ports = approach === 'naive' ? await naivePorts() : await nsoMultiPorts(dir);
  const release = nextMessage(process, 'release');
  const bound = await Promise.allSettled(ports.map(bind));
  const failures = bound.filter((b) => b.status === 'rejected').map((b) => b.reason.code ?? b.reason.message);
  process.send({ type: 'bound', ports, failures });
  await release;
  await Promise.all(bound.map((b) => b.status === 'fulfilled' && new Promise((r) => b.value.close(r))));
  process.disconnect();
}

const children = new Set();

// One round: WORKERS workers allocate at the same moment, bind, and report; then all let go.
async function round(approach, projects, env) {
  const workers = projects.map((dir) => {
    const child = fork(SELF, ['--worker', approach, dir], {
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  });
  const exited = workers.map((w) => new Promise((resolve) => w.once('exit', resolve)));
  await bounded(
    Promise.all(workers.map((w) => nextMessage(w, 'ready'))),
    STEP_TIMEOUT_MS,
    'workers starting',
  );
  const reports = workers.map((w) => nextMessage(w, 'bound'));
  for (const w of workers) w.send({ type: 'go' });
  const results = await bounded(Promise.all(reports), STEP_TIMEOUT_MS, `${approach} allocating`);
  for (const w of workers) w.send({ type: 'release' });
  await bounded(Promise.all(exited), STEP_TIMEOUT_MS, 'workers exiting');

  const holders = new Map();
  for (const { ports } of results)
    for (const port of new Set(ports)) holders.set(port, (holders.get(port) ?? 0) + 1);
  const failures = results.flatMap((r) => r.failures);
  const unexpected = failures.filter((f) => f !== 'EADDRINUSE');
  if (unexpected.length > 0) throw new Error(`${approach}: bind failed with ${unexpected.join(', ')}`);
  return {
    requested: results.reduce((n, r) => n + r.ports.length, 0),
    twice: [...holders.values()].filter((n) => n > 1).length,
    bindFailures: failures.length,
  };
}

// Removes the projects' rendered files and gives their leases back, so each round starts from nothing.
async function purge(projects, env) {
  await Promise.all(
    projects.map((dir) =>
      run(process.execPath, [CLI, 'down', '--purge'], { cwd: dir, env, timeout: STEP_TIMEOUT_MS }),
    ),
  );
}

function parseRounds(argv) {
  const i = argv.indexOf('--rounds');
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('usage: node bench/collisions.mjs [--rounds N]   (default 10; run `npm run build` first)');
    process.exit(0);
  }
  if (i === -1) return 10;
  const rounds = Number(argv[i + 1]);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 1000) {
    console.error('--rounds takes a whole number from 1 to 1000');
    process.exit(2);
  }
  return rounds;
}

async function main(argv) {
  const rounds = parseRounds(argv);
  if (!existsSync(CLI)) {
    console.error(`${CLI} is missing: run \`npm run build\` first`);
    process.exit(2);
  }
  const tmp = await mkdtemp(join(tmpdir(), 'nso-multi-bench-'));
  // A private registry: the bench never sees (or disturbs) the leases of real projects on this host.
  const env = { ...process.env, NSO_MULTI_LEASE_DIR: join(tmp, 'leases'), NO_COLOR: '1' };
  const spec = `layout: { base: ${BASE}, stride: 10 }\ninstances:\n`;
  const projects = [];
  for (let p = 1; p <= WORKERS; p++) {
    const dir = join(tmp, `project${p}`);
    await mkdir(dir);
    const names = Array.from({ length: INSTANCES }, (_, i) => `  - name: i${i + 1}\n`).join('');
    await writeFile(join(dir, 'nso-multi.yaml'), spec + names);
    projects.push(dir);
  }
  const stop = () => {
    for (const child of children) child.kill('SIGKILL');
    rm(tmp, { recursive: true, force: true }).finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const rows = [];
  try {
    for (const approach of ['naive', 'nso-multi']) {
      const total = { approach, rounds, requested: 0, twice: 0, bindFailures: 0, started: performance.now() };
      for (let r = 1; r <= rounds; r++) {
        const result = await round(approach, projects, env);
        if (approach === 'nso-multi') await purge(projects, env);
        total.requested += result.requested;
        total.twice += result.twice;
        total.bindFailures += result.bindFailures;
        process.stderr.write(
          `${approach} round ${r}/${rounds}: ${result.twice} twice, ${result.bindFailures} bind failures\n`,
        );
      }
      total.seconds = ((performance.now() - total.started) / 1000).toFixed(1);
      rows.push(total);
    }
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await rm(tmp, { recursive: true, force: true });
  }

  console.log(
    `${new Date().toISOString().slice(0, 10)}, nproc ${availableParallelism()}, Node ${process.version}: ` +
      `${WORKERS} concurrent workers × ${INSTANCES} instances × ${LISTENERS} ports per round\n`,
  );
  console.log(
    '| approach | rounds | ports requested | ports handed out twice | bind failures (EADDRINUSE) | time |',
  );
  console.log('| --- | --: | --: | --: | --: | --: |');
  for (const r of rows) {
    console.log(
      `| ${r.approach} | ${r.rounds} | ${r.requested} | ${r.twice} | ${r.bindFailures} | ${r.seconds} s |`,
    );
  }
}

if (process.argv[2] === '--worker') await worker(process.argv[3], process.argv[4]);
else await main(process.argv.slice(2));
