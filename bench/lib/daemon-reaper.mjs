// Last-resort cleanup of simulator daemons the bench started: reads each run dir's logs/ncs.pid and ends that
// pid — only when its command line names a folder of this bench run, so no other process is ever touched.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

function pidsUnder(workdir) {
  let names = [];
  try {
    names = readdirSync(workdir);
  } catch {
    return [];
  }
  const pids = [];
  for (const name of names) {
    try {
      const pid = Number.parseInt(readFileSync(join(workdir, name, 'logs', 'ncs.pid'), 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 1) pids.push(pid);
    } catch {
      // no daemon recorded here
    }
  }
  return pids;
}

function ours(pid, root) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(root);
  } catch {
    return false;
  }
}

// Ends every daemon recorded under the workdirs whose command line mentions `root`; returns how many it ended.
export async function reapDaemons(workdirs, root) {
  const pids = workdirs.flatMap(pidsUnder).filter((pid) => ours(pid, root));
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // gone meanwhile
    }
  }
  for (let i = 0; i < 60 && pids.some((pid) => ours(pid, root)); i++) await delay(50);
  for (const pid of pids.filter((p) => ours(p, root))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return pids.length;
}
