// The simulator's own wire protocol on the IPC socket (not real NSO IPC; only the access check mimics NSO).
//
// On every IPC connection the daemon speaks first, with exactly 16 bytes:
//   - access check disabled: the banner `NSO-MULTI-SIM/1\n`;
//   - access check enabled: a 16-byte random challenge (never equal to the banner). The client answers with
//     MD5(secret bytes ++ challenge bytes), 16 bytes; the daemon replies `ACCESS-OK\n`, or closes on a wrong answer.
// A client always reads those 16 bytes first, so it tells the two cases apart without any timing:
//   banner + client has a secret, or challenge + client has none → the client gives up: `Access check failed`.
// Then the client sends one request line (`status` or `stop`) and the daemon answers one JSON line
// (a `DaemonResponse`) and closes the connection. For `stop` the answer comes after every listener is closed.
// The same exchange runs on a TCP IPC port and on a local-IPC Unix socket (NSO's UID check is not simulated).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const BANNER = Buffer.from('NSO-MULTI-SIM/1\n', 'latin1');
export const CHALLENGE_LENGTH = 16;
export const ACCESS_OK_LINE = 'ACCESS-OK';
/** Longest request or response line either side accepts. */
export const MAX_LINE_BYTES = 64 * 1024;

export type DaemonRequest = 'status' | 'stop';

export interface ListenerStatus {
  label: string;
  endpoint: string;
}

export type DaemonResponse =
  | { ok: true; status: 'started'; version: string; pid: number; listeners: ListenerStatus[] }
  | { ok: true; stopped: true }
  | { ok: false; error: string };

// Makes a fresh challenge that can never be mistaken for the banner.
export function makeChallenge(): Buffer {
  for (;;) {
    const challenge = randomBytes(CHALLENGE_LENGTH);
    if (!challenge.equals(BANNER)) return challenge;
  }
}

// The answer NSO's access check expects: MD5 of the secret followed by the challenge.
export function accessDigest(secret: Buffer, challenge: Buffer): Buffer {
  return createHash('md5').update(secret).update(challenge).digest();
}

// Checks a client's answer in constant time.
export function isRightAnswer(secret: Buffer, challenge: Buffer, answer: Buffer): boolean {
  const expected = accessDigest(secret, challenge);
  return answer.length === expected.length && timingSafeEqual(answer, expected);
}

// Reads a request line; anything else than a known request is null.
export function parseRequest(line: string): DaemonRequest | null {
  const word = line.trim();
  return word === 'status' || word === 'stop' ? word : null;
}

// Reads a response line from the daemon; null when it is not one.
export function parseResponse(line: string): DaemonResponse | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  if (r.ok === false && typeof r.error === 'string') return { ok: false, error: r.error };
  if (r.ok === true && r.stopped === true) return { ok: true, stopped: true };
  const listeners = r.listeners;
  if (
    r.ok === true &&
    r.status === 'started' &&
    typeof r.version === 'string' &&
    typeof r.pid === 'number' &&
    Array.isArray(listeners) &&
    listeners.every(isListenerStatus)
  ) {
    return { ok: true, status: 'started', version: r.version, pid: r.pid, listeners };
  }
  return null;
}

function isListenerStatus(value: unknown): value is ListenerStatus {
  if (typeof value !== 'object' || value === null) return false;
  const l = value as Record<string, unknown>;
  return typeof l.label === 'string' && typeof l.endpoint === 'string';
}
