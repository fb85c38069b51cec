// Bench projects: a folder with an nso-multi.yaml of N instances on a chosen layout.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const STRIDE = 10;
export const LISTENERS_PER_INSTANCE = 4;

// The span of ports a layout of `n` instances uses: instance i owns [base + i*stride, base + (i+1)*stride).
export function layoutSpan(n) {
  return (n + 1) * STRIDE;
}

// Every home port of `n` instances on `base` (4 listeners each), in instance order.
export function homePorts(base, n) {
  const ports = [];
  for (let i = 1; i <= n; i++) {
    for (let offset = 0; offset < LISTENERS_PER_INSTANCE; offset++) ports.push(base + i * STRIDE + offset);
  }
  return ports;
}

// Creates `dir` with a spec of `n` instances (i1..iN) on layout { base, stride: 10 }; returns the names.
// The NSO version is fixed so that the result does not depend on an `ncs` being installed.
export async function writeProject(dir, n, base) {
  await mkdir(dir, { recursive: true });
  const names = Array.from({ length: n }, (_, i) => `i${i + 1}`);
  const lines = [
    `project: bench${n}`,
    `layout: { base: ${base}, stride: ${STRIDE} }`,
    `nso: { version: "6.2" }`,
    'instances:',
    ...names.map((name) => `  - name: ${name}`),
  ];
  await writeFile(join(dir, 'nso-multi.yaml'), `${lines.join('\n')}\n`);
  return names;
}
