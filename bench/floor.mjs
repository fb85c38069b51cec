#!/usr/bin/env node
// The raw floor of port allocation: one listen and close per port on 127.0.0.1, one port after the other,
// with nothing else. Usage: node bench/floor.mjs BASE N (the same 4 × N home ports nso-multi plans).
// Prints how many ports were free and how many taken.
import { createServer } from 'node:net';

const [base, n] = process.argv.slice(2).map(Number);
let free = 0;
let taken = 0;
for (let i = 1; i <= n; i++) {
  for (let offset = 0; offset < 4; offset++) {
    const port = base + i * 10 + offset;
    const ok = await new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', (error) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
      server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
    });
    if (ok) free++;
    else taken++;
  }
}
console.log(JSON.stringify({ free, taken }));
