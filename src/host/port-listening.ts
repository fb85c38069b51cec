// Whether something accepts connections on a listener's port or socket: what `status` reports as "listening".
import { connect } from 'node:net';
import { createPortProbe } from './port-probe.js';

/** How long one connection attempt may take; a loopback connect answers in well under a millisecond. */
export const LISTEN_CHECK_TIMEOUT_MS = 1000;

// The address to connect to for a listener bound to `address`: a wildcard bind is reached over loopback.
export function connectAddress(address: string): string {
  if (address === '0.0.0.0' || address === '') return '127.0.0.1';
  if (address === '::' || address === '::0') return '::1';
  return address;
}

// True when a TCP connect to the listener succeeds within the bound; the connection is closed at once.
export function isListening(
  address: string,
  port: number,
  timeoutMs = LISTEN_CHECK_TIMEOUT_MS,
): Promise<boolean> {
  return accepts({ host: connectAddress(address), port }, timeoutMs);
}

// True when a UDP socket is bound on the listener's address and port (SNMP's agent): UDP has no connect to
// answer, so the check is the allocator's UDP probe, which binds the same address and port for a moment.
export async function isUdpBound(address: string, port: number): Promise<boolean> {
  try {
    return (await createPortProbe().probe(address, port, 'udp')) === 'taken';
  } catch {
    return false;
  }
}

// True when something accepts a connection on the Unix socket at `path` (local IPC, NSO 6.4+).
export function isSocketListening(path: string, timeoutMs = LISTEN_CHECK_TIMEOUT_MS): Promise<boolean> {
  return accepts({ path }, timeoutMs);
}

function accepts(
  target: { host: string; port: number } | { path: string },
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(target);
    const finish = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}
