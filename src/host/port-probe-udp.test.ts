import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo, Server } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPortProbe } from './port-probe.js';

const held: (() => Promise<void>)[] = [];

// Binds a UDP socket on a loopback address; the OS picks the port when none is given.
function bindUdp(address: string, port = 0): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', reject);
    socket.bind({ address, port, exclusive: true }, () => {
      held.push(() => new Promise((done) => socket.close(() => done())));
      resolve(socket);
    });
  });
}

function listenTcp(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      held.push(() => new Promise((done) => server.close(() => done())));
      resolve(server);
    });
  });
}

afterEach(async () => {
  await Promise.all(held.splice(0).map((release) => release()));
});

describe('createPortProbe over UDP', () => {
  const probe = createPortProbe();

  it('reports a port a UDP socket holds on 127.0.0.1 as taken', async () => {
    const socket = await bindUdp('127.0.0.1');
    const port = (socket.address() as AddressInfo).port;
    expect(await probe.probe('127.0.0.1', port, 'udp')).toBe('taken');
  });

  it('does not count a UDP socket against the TCP port of the same number', async () => {
    const socket = await bindUdp('127.0.0.1');
    const port = (socket.address() as AddressInfo).port;
    expect(await probe.probe('127.0.0.1', port)).toBe('free');
    expect(await probe.probe('127.0.0.1', port, 'tcp')).toBe('free');
  });

  it('reports a UDP port with only a TCP listener as free and leaves it bindable', async () => {
    const socket = await bindUdp('127.0.0.1');
    const port = (socket.address() as AddressInfo).port;
    await held.pop()?.();
    await listenTcp('127.0.0.1', port);
    expect(await probe.probe('127.0.0.1', port, 'udp')).toBe('free');
    const again = await bindUdp('127.0.0.1', port);
    expect((again.address() as AddressInfo).port).toBe(port);
  });

  it('reports an address that is not on this host as unavailable', async () => {
    // TEST-NET-1 (RFC 5737) is never assigned to a local interface.
    expect(await probe.probe('192.0.2.1', 14999, 'udp')).toBe('unavailable');
  });
});
