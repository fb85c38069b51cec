// Finds a running daemon by the command line nso-multi starts it with (`… --cd RUN_DIR -c NCS_CONF …`), for
// when the state file that recorded its pid is lost. Linux only (/proc); elsewhere nothing is found.
import { readdir, readFile } from 'node:fs/promises';
import { parseProcStatStartTime } from './process-identity.js';

/** A process found by its arguments. */
export interface FoundDaemon {
  pid: number;
  startTime?: string;
  /** Its command line, argument by argument. */
  argv: string[];
}

/** The gate shell `up` starts a daemon behind names itself so; until it execs ncs it is not the daemon. */
const START_GATE_NAME = 'nso-multi-start';

// True when `argv` holds the four arguments in a row.
function hasRun(argv: readonly string[], runDir: string, ncsConf: string): boolean {
  for (let i = 0; i + 3 < argv.length; i++) {
    if (argv[i] === '--cd' && argv[i + 1] === runDir && argv[i + 2] === '-c' && argv[i + 3] === ncsConf) {
      return true;
    }
  }
  return false;
}

async function readProc(pid: string, what: string): Promise<string | undefined> {
  return readFile(`/proc/${pid}/${what}`, 'utf8').catch(() => undefined);
}

// The process group of a process, from /proc/PID/stat (field 5, after the parenthesised name).
function processGroupOf(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/** Where a daemon runs: its run dir and ncs.conf, as `up` passes them. */
export interface DaemonRun {
  runDir: string;
  ncsConf: string;
}

// The daemons running each of `runs` (one pass over /proc): a process with those arguments that leads its
// own process group, as every daemon `up` starts does (so `down` can signal the group). Keyed by run dir.
export async function findDaemons(runs: readonly DaemonRun[]): Promise<Map<string, FoundDaemon>> {
  const found = new Map<string, FoundDaemon>();
  if (runs.length === 0) return found;
  const entries = await readdir('/proc').catch(() => [] as string[]);
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readProc(entry, 'cmdline');
    if (cmdline === undefined || !cmdline.includes('\0--cd\0')) continue;
    const argv = cmdline.split('\0');
    if (argv.at(-1) === '') argv.pop();
    const run = runs.find((r) => hasRun(argv, r.runDir, r.ncsConf));
    if (run === undefined || found.has(run.runDir) || argv.includes(START_GATE_NAME)) continue;
    const stat = await readProc(entry, 'stat');
    if (stat === undefined || processGroupOf(stat) !== Number(entry)) continue;
    const startTime = parseProcStatStartTime(stat);
    found.set(run.runDir, { pid: Number(entry), argv, ...(startTime ? { startTime } : {}) });
  }
  return found;
}
