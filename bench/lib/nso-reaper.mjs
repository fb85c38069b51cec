// Last-resort cleanup of real NSO daemons the bench started (by nso-multi or by the baseline scripts): every
// process whose command line names the bench's own temp folder (an NSO daemon's names its -conffile there), or
// that runs in it (a netsim device's ConfD), gets SIGTERM, and SIGKILL if it is still there 10 s later. No other
// process is ever touched.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

// Pids of the processes whose command line mentions `root`, except this one.
export function pidsNaming(root) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      // A netsim device's ConfD names no path on its command line: the folder it runs in does.
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes(root) || (cmdline !== '' && readlinkSync(`/proc/${pid}/cwd`).includes(root))) {
        pids.push(pid);
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

function signal(pids, name) {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // gone meanwhile
    }
  }
}

// Ends every process naming `root`; resolves with how many there were.
export async function reapNsoDaemons(root) {
  const pids = pidsNaming(root);
  if (pids.length === 0) return 0;
  signal(pids, 'SIGTERM');
  for (let i = 0; i < 100 && pidsNaming(root).length > 0; i++) await delay(100);
  signal(pidsNaming(root), 'SIGKILL');
  return pids.length;
}
