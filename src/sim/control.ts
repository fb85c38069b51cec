// The control commands `--status`, `--stop` and `--wait-started`: talk to a running daemon, print like ncs.
// Exit codes: 0 on success; 1 when nothing answers (NSO says non-zero, the exact code is unconfirmed), when the
// access check fails, or when the daemon answers something unexpected.
import { setTimeout as delay } from 'node:timers/promises';
import type { ControlOutcome } from './client.js';
import { ipcTargetFromEnv, sendControlRequest } from './client.js';
import type { DaemonRequest } from './protocol.js';
import { readClientSecret } from './secret-file.js';
import type { SimIo } from './sim-io.js';

const REQUEST_TIMEOUT_MS = 10_000;
/** `--wait-started` retries soon after a refused connection, and keeps retrying often: a refused loopback
 * connect costs a fraction of a millisecond, while every millisecond between the daemon binding its IPC port
 * and the next try is a millisecond the caller (`nso-multi up`, a test) waits for nothing. Started together
 * with the daemon, it usually tries while the daemon's own Node.js is still starting (~100 ms). */
const FIRST_RETRY_MS = 5;
const MAX_RETRY_MS = 20;

/** The word ncs puts in `connection refused (...)` for each command. */
export type ControlCommand = 'status' | 'stop' | 'wait-started';

// `ncs --status`: prints the version, state, pid and listeners of the daemon.
export async function runStatus(env: NodeJS.ProcessEnv, io: SimIo): Promise<number> {
  const outcome = await request(env, 'status');
  if (outcome.kind !== 'answered') return report(outcome, 'status', io);
  const r = outcome.response;
  if (!r.ok || !('status' in r)) return unexpected('status', io);
  io.out(`vsn: ${r.version}`);
  io.out(`status: ${r.status}`);
  io.out(`pid: ${r.pid}`);
  io.out('listen:');
  for (const l of r.listeners) io.out(`  ${l.label} ${l.endpoint}`);
  return 0;
}

// `ncs --stop`: returns 0 once the daemon has closed every listener.
export async function runStop(env: NodeJS.ProcessEnv, io: SimIo): Promise<number> {
  const outcome = await request(env, 'stop');
  if (outcome.kind !== 'answered') return report(outcome, 'stop', io);
  return outcome.response.ok && 'stopped' in outcome.response ? 0 : unexpected('stop', io);
}

// `ncs --wait-started [TryTime]`: retries for `trySeconds` until a daemon answers that it has started.
export async function runWaitStarted(env: NodeJS.ProcessEnv, trySeconds: number, io: SimIo): Promise<number> {
  const deadline = Date.now() + trySeconds * 1000;
  for (let pause = FIRST_RETRY_MS; ; pause = Math.min(pause * 2, MAX_RETRY_MS)) {
    const outcome = await request(env, 'status');
    if (outcome.kind === 'answered' && outcome.response.ok && 'status' in outcome.response) return 0;
    const remaining = deadline - Date.now();
    if (outcome.kind === 'access-denied' || remaining <= 0) return report(outcome, 'wait-started', io);
    await delay(Math.min(pause, remaining));
  }
}

async function request(env: NodeJS.ProcessEnv, what: DaemonRequest): Promise<ControlOutcome> {
  let secret: Buffer | null;
  try {
    secret = readClientSecret(env);
  } catch {
    // NSO's clients report an unusable secret file the same way as a wrong secret.
    return { kind: 'access-denied' };
  }
  return sendControlRequest(ipcTargetFromEnv(env), secret, what, REQUEST_TIMEOUT_MS);
}

function report(outcome: ControlOutcome, command: ControlCommand, io: SimIo): number {
  if (outcome.kind === 'refused') io.err(`connection refused (${command})`);
  else if (outcome.kind === 'access-denied') io.err('Access check failed');
  else if (outcome.kind === 'failed') io.err(`${outcome.message} (${command})`);
  else return unexpected(command, io);
  return 1;
}

function unexpected(command: ControlCommand, io: SimIo): number {
  io.err(`unexpected answer from the daemon (${command})`);
  return 1;
}
