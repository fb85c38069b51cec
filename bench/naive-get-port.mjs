#!/usr/bin/env node
// The naive allocator: one get-port call per port, for the same 4 × N home ports, no leases.
// Usage: node bench/naive-get-port.mjs BASE N. Prints how many ports came back as asked and how many moved.
import getPort from 'get-port';

const [base, n] = process.argv.slice(2).map(Number);
let same = 0;
let moved = 0;
for (let i = 1; i <= n; i++) {
  for (let offset = 0; offset < 4; offset++) {
    const port = base + i * 10 + offset;
    if ((await getPort({ port, host: '127.0.0.1' })) === port) same++;
    else moved++;
  }
}
console.log(JSON.stringify({ same, moved }));
