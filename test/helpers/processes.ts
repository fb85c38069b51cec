// Finds processes by what their command line mentions, or the folder they run in (Linux /proc): stragglers a
// test must not leave. A netsim device's ConfD names no path on its command line: its working folder tells.
import { readdir, readFile, readlink } from 'node:fs/promises';

// Pids of processes whose command line contains `text`, or (with `inFolder`) whose working folder does.
export async function processesMentioning(
  text: string,
  options: { inFolder?: boolean } = {},
): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const cwd =
      cmdline === '' || !options.inFolder ? '' : await readlink(`/proc/${entry}/cwd`).catch(() => '');
    if (cmdline.replaceAll('\0', ' ').includes(text) || cwd.includes(text)) pids.push(Number(entry));
  }
  return pids;
}

// SIGKILLs every process whose command line contains `text` (a test's temp folder): what a clean stop missed.
export async function killProcessesMentioning(text: string): Promise<void> {
  for (const pid of await processesMentioning(text, { inFolder: true })) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
