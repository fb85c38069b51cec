#!/usr/bin/env node
// How many probes to keep in flight: probes the 4 × N home ports of a layout on 127.0.0.1 with dist's real
// probe (src/host/port-probe.ts) through probeMany at several concurrencies, each in a fresh process, rounds
// interleaved, and prints the median wall and CPU time (user + system) of the probing alone.
// Usage: node bench/probes/probe-concurrency.mjs [--n 1000] [--rounds 9] [--levels 1,8,64,256]
// (needs a built dist/; binds only 127.0.0.1, on a port range that nothing listens on now, below the
// ephemeral range).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ephemeralRange, pickRanges } from '../lib/host-ports.mjs';
import { layoutSpan } from '../lib/projects.mjs';
import { summarize } from '../lib/stats.mjs';

const self = fileURLToPath(import.meta.url);

// One measurement (child process): probes every home port of N instances on `base` with `concurrency`.
async function child(concurrency, base, n) {
  const dist = new URL('../../dist/', import.meta.url);
  const { createPortProbe } = await import(new URL('host/port-probe.js', dist));
  const { probeMany } = await import(new URL('plan/probe-many.js', dist));
  const checks = [];
  for (let i = 1; i <= n; i++) {
    for (let offset = 0; offset < 4; offset++)
      checks.push({ address: '127.0.0.1', port: base + i * 10 + offset });
  }
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const c0 = cpu();
  const t0 = performance.now();
  const results = await probeMany(createPortProbe(), checks, concurrency);
  const wall = performance.now() - t0;
  const free = results.filter((r) => r === 'free').length;
  console.log(JSON.stringify({ wall, cpu: cpu() - c0, free, probes: checks.length }));
}

function main() {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '1000' },
      rounds: { type: 'string', default: '9' },
      levels: { type: 'string', default: '1,8,64,256' },
    },
  });
  const n = Number(values.n);
  const levels = values.levels.split(',').map(Number);
  const { probe: base } = pickRanges([{ name: 'probe', span: layoutSpan(n) }], {
    below: ephemeralRange().low,
  });
  const samples = new Map(levels.map((c) => [c, { wall: [], cpu: [] }]));
  let free = 0;
  for (let round = 0; round < Number(values.rounds); round++) {
    for (let k = 0; k < levels.length; k++) {
      const level = levels[(round + k) % levels.length];
      const out = execFileSync(process.execPath, [self, '--child', String(level), String(base), String(n)], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      const r = JSON.parse(out);
      samples.get(level).wall.push(r.wall);
      samples.get(level).cpu.push(r.cpu);
      free = r.free;
    }
  }
  console.log(`${4 * n} probes on 127.0.0.1 from port ${base} (${free} free), ${values.rounds} rounds:`);
  console.log('in flight   wall ms (median, min–max)   cpu ms (median, min–max)');
  for (const [level, s] of samples) {
    const w = summarize(s.wall);
    const c = summarize(s.cpu);
    const fmt = (x) => `${x.median.toFixed(0)} (${x.min.toFixed(0)}–${x.max.toFixed(0)})`.padEnd(28);
    console.log(`${String(level).padStart(9)}   ${fmt(w)}${fmt(c)}`);
  }
}

if (process.argv[2] === '--child') {
  const [concurrency, base, n] = process.argv.slice(3).map(Number);
  await child(concurrency, base, n);
} else {
  main();
}
