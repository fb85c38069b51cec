// Finds processes by what their command line mentions (Linux /proc): stragglers a test must not leave.
import { readdir, readFile } from 'node:fs/promises';

// Pids of processes whose command line contains `text`.
export async function processesMentioning(text: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.replaceAll('\0', ' ').includes(text)) pids.push(Number(entry));
  }
  return pids;
}

// SIGKILLs every process whose command line contains `text` (a test's temp folder): what a clean stop missed.
export async function killProcessesMentioning(text: string): Promise<void> {
  for (const pid of await processesMentioning(text)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
