// Checks whether NSO could bind a port (TCP, or UDP for the SNMP agent), by binding it exactly as NSO will
// and letting go again.
//
// Why not get-port: it answers "give me some free port", not "can this address:port be bound". Without `host`
// it binds every interface per candidate; its lock is a Set inside one process, useless across parallel
// workers and CI jobs; its fallback binds port 0, which lands in the ephemeral range; and its own probe can
// briefly hold a port the caller is about to bind (get-port #23, #72). It also cannot tell "taken" from
// "this address family does not exist here". Reservations across processes are the lease registry's job.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, isIP } from 'node:net';
import { NsoMultiError } from '../errors.js';
import type { PortProbe, ProbeResult } from '../model.js';
import type { ListenerProtocol } from '../nso/listeners.js';
import { errnoCode } from './io-error.js';

export type { PortProbe, ProbeResult } from '../model.js';

const TAKEN = new Set(['EADDRINUSE', 'EACCES']);
// The address is not on this host, or its family (usually IPv6) is switched off.
const UNAVAILABLE = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EPROTONOSUPPORT', 'EPFNOSUPPORT']);

/** Maps a bind error code to a probe result; undefined when the error says nothing about the port. */
export function classifyBindError(code: string | undefined): ProbeResult | undefined {
  if (code === undefined) return undefined;
  if (TAKEN.has(code)) return 'taken';
  if (UNAVAILABLE.has(code)) return 'unavailable';
  return undefined;
}

function checkArguments(address: string, port: number): void {
  // A host name would make Node resolve it and bind whatever comes first: not how NSO binds an ip leaf.
  if (isIP(address) === 0) {
    throw new NsoMultiError('INTERNAL', `Port probe needs an IP address, got "${address}"`, {
      hint: 'The spec validation should have rejected this address; please report it.',
    });
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new NsoMultiError('INTERNAL', `Port probe needs a port between 1 and 65535, got ${port}`, {
      hint: 'The port allocator should never produce this; please report it.',
    });
  }
}

// One bind, then close; resolves only after the close completed so the port is free again for the caller.
function bindOnce(address: string, port: number): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    // A client that connects in the short window is dropped at once, so close() never waits for it.
    const server = createServer({ pauseOnConnect: true }, (socket) => socket.destroy());
    server.once('error', (error) => {
      const result = classifyBindError(errnoCode(error));
      if (result) {
        resolve(result);
        return;
      }
      reject(
        new NsoMultiError('IO', `Cannot check TCP port ${address}:${port}: ${error.message}`, {
          cause: error,
          hint: 'Check the address and the host network settings.',
        }),
      );
    });
    // `exclusive` keeps cluster workers from sharing a handle; for `::` Node binds dual-stack (ipv6Only false)
    // like NSO does, which is also what makes an IPv4 listener on the same port show up as taken.
    server.listen({ host: address, port, exclusive: true, backlog: 1 }, () => {
      server.close((error) => {
        if (error)
          reject(new NsoMultiError('IO', `Cannot release TCP port ${address}:${port}`, { cause: error }));
        else resolve('free');
      });
    });
  });
}

function closeQuietly(socket: Socket): void {
  try {
    socket.close();
  } catch {
    // Already closed: nothing is held.
  }
}

// One UDP bind, then close, for SNMP's agent port: UDP and TCP ports are separate, so only a UDP socket on the
// same address and port (or a wildcard one) makes it taken. Resolves only after the close completed.
function bindUdpOnce(address: string, port: number): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    // `ipv6Only` false: a `::` bind covers IPv4 too, as NSO's does, so an IPv4 socket on the port shows up.
    const socket = createSocket({ type: isIP(address) === 6 ? 'udp6' : 'udp4', ipv6Only: false });
    socket.once('error', (error) => {
      closeQuietly(socket);
      const result = classifyBindError(errnoCode(error));
      if (result) {
        resolve(result);
        return;
      }
      reject(
        new NsoMultiError('IO', `Cannot check UDP port ${address}:${port}: ${error.message}`, {
          cause: error,
          hint: 'Check the address and the host network settings.',
        }),
      );
    });
    // `exclusive` keeps cluster workers from sharing the handle, so the bind really tests the port.
    socket.bind({ address, port, exclusive: true }, () => {
      socket.close(() => resolve('free'));
    });
  });
}

// The real probe: binds the address and port for a moment, over TCP unless the listener is UDP.
export function createPortProbe(): PortProbe {
  return {
    async probe(address: string, port: number, protocol: ListenerProtocol = 'tcp'): Promise<ProbeResult> {
      checkArguments(address, port);
      return protocol === 'udp' ? bindUdpOnce(address, port) : bindOnce(address, port);
    },
  };
}
