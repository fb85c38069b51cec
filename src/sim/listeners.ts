// Binds the simulator's listeners all or nothing, as NSO does at start (a failed bind leaves nothing bound).
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { connect, createServer, isIP, Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { Endpoint, SimListener } from './sim-config.js';
import { formatEndpoint } from './sim-config.js';
import { bindFailed } from './start-errors.js';

/** A listener that is bound; `endpoint` has the real port when the file asked for port 0. */
export interface BoundListener {
  listener: SimListener;
  endpoint: Endpoint;
  /** A TCP (or Unix socket) server, or the UDP socket of the SNMP agent. */
  server: Server | UdpSocket;
}

// Binds every listener in order; on the first failure closes what was bound and throws (exit 20).
export async function bindAll(
  listeners: readonly SimListener[],
  onConnection: (listener: SimListener, socket: Socket) => void,
): Promise<BoundListener[]> {
  const bound: BoundListener[] = [];
  for (const listener of listeners) {
    const server =
      listener.protocol === 'udp'
        ? createUdpSocket(listener.endpoint)
        : createServer((socket) => onConnection(listener, socket));
    try {
      await (server instanceof Server
        ? listenOn(server, listener.endpoint)
        : bindUdp(server, listener.endpoint));
    } catch (error) {
      closeAll(bound);
      // NSO calls its IPC listener the "internal socket"; the others are named by what they serve.
      const what = listener.key === 'ipc' ? 'internal socket' : `${listener.label} socket`;
      throw bindFailed(what, formatEndpoint(listener.endpoint), describeBindError(error), error);
    }
    bound.push({ listener, endpoint: actualEndpoint(server, listener.endpoint), server });
  }
  return bound;
}

// Stops accepting on every listener. Node closes a listening socket (and unlinks a Unix socket file) inside
// close() itself; only the callback waits for open connections, so the ports are free when this returns.
export function closeAll(bound: readonly BoundListener[]): void {
  for (const b of bound) b.server.close();
}

function createUdpSocket(endpoint: Endpoint): UdpSocket {
  const v6 = 'host' in endpoint && isIP(endpoint.host) === 6;
  return createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: false });
}

// Binds the SNMP agent's UDP socket; datagrams are read and dropped (the simulator answers no SNMP).
function bindUdp(socket: UdpSocket, endpoint: Endpoint): Promise<void> {
  if (!('port' in endpoint)) return Promise.reject(new Error('a UDP listener needs an address and a port'));
  return new Promise((resolve, reject) => {
    const failed = (error: Error): void => {
      try {
        socket.close();
      } catch {
        // Never bound.
      }
      reject(error);
    };
    socket.once('error', failed);
    socket.bind({ address: endpoint.host, port: endpoint.port, exclusive: true }, () => {
      socket.off('error', failed);
      socket.on('error', () => {});
      socket.on('message', () => {});
      resolve();
    });
  });
}

async function listenOn(server: Server, endpoint: Endpoint): Promise<void> {
  if ('port' in endpoint) return listenOnce(server, { host: endpoint.host, port: endpoint.port });
  mkdirSync(dirname(endpoint.path), { recursive: true });
  try {
    await listenOnce(server, { path: endpoint.path });
  } catch (error) {
    // A daemon that was killed leaves its socket file behind; reuse the path only if nobody answers on it.
    if (!isCode(error, 'EADDRINUSE') || !(await isStaleSocket(endpoint.path))) throw error;
    unlinkSync(endpoint.path);
    await listenOnce(server, { path: endpoint.path });
  }
}

function listenOnce(
  server: Server,
  options: { host: string; port: number } | { path: string },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error): void => reject(error);
    server.once('error', failed);
    server.listen(options, () => {
      server.off('error', failed);
      // Later errors (e.g. accept failing when out of file descriptors) cost one connection, not the daemon.
      server.on('error', () => {});
      resolve();
    });
  });
}

function isStaleSocket(path: string): Promise<boolean> {
  try {
    if (!lstatSync(path).isSocket()) return Promise.resolve(false);
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const probe = connect({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve(false);
    });
    probe.once('error', (error) => resolve(isCode(error, 'ECONNREFUSED')));
  });
}

function actualEndpoint(server: Server | UdpSocket, configured: Endpoint): Endpoint {
  const address = server.address();
  if ('port' in configured && address !== null && typeof address === 'object') {
    return { host: configured.host, port: address.port };
  }
  return configured;
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function describeBindError(error: unknown): string {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (code === 'EADDRINUSE') return 'address already in use';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EADDRNOTAVAIL') return 'cannot assign requested address';
  return error instanceof Error ? error.message : String(error);
}
