// What machine the numbers come from: CPU count and model, Node version, load.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

// The CPU model name from /proc/cpuinfo, or "unknown" where there is none.
function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line ? line.split(':')[1].trim() : 'unknown';
  } catch {
    return 'unknown';
  }
}

// A snapshot of the machine: nproc, CPU model, Node version, 1-minute load average.
export function machineInfo() {
  return {
    nproc: availableParallelism(),
    cpu: cpuModel(),
    node: process.version,
    load: loadavg()[0],
  };
}
