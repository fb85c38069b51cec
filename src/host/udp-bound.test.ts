import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isUdpBound } from './port-listening.js';

const sockets: Socket[] = [];

function bindUdp(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind({ address: '127.0.0.1', port }, () => {
      sockets.push(socket);
      resolve((socket.address() as AddressInfo).port);
    });
  });
}

afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => new Promise<void>((done) => s.close(() => done()))));
});

describe('isUdpBound', () => {
  it('is true while a UDP socket holds the port and false once it is gone, leaving the port free', async () => {
    const port = await bindUdp();
    expect(await isUdpBound('127.0.0.1', port)).toBe(true);
    await new Promise<void>((done) => sockets.pop()?.close(() => done()));
    expect(await isUdpBound('127.0.0.1', port)).toBe(false);
    expect(await bindUdp(port)).toBe(port);
  });
});
