import type { AddressInfo, Server } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NsoMultiError } from '../errors.js';
import { classifyBindError, createPortProbe } from './port-probe.js';

const servers: Server[] = [];

// Listens on a loopback address; the OS picks the port when none is given.
function listen(host: string, port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      servers.push(server);
      resolve(server);
    });
  });
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

function close(server: Server): Promise<void> {
  servers.splice(servers.indexOf(server), 1);
  return new Promise((resolve) => server.close(() => resolve()));
}

afterEach(async () => {
  await Promise.all([...servers].map(close));
});

describe('createPortProbe', () => {
  const probe = createPortProbe();

  it('reports a port with a listener on 127.0.0.1 as taken', async () => {
    const server = await listen('127.0.0.1');
    expect(await probe.probe('127.0.0.1', portOf(server))).toBe('taken');
  });

  it('reports a free port as free and leaves it bindable right after', async () => {
    const server = await listen('127.0.0.1');
    const port = portOf(server);
    await close(server);
    expect(await probe.probe('127.0.0.1', port)).toBe('free');
    const again = await listen('127.0.0.1', port);
    expect(portOf(again)).toBe(port);
  });

  it('does not count a listener on ::1 against 127.0.0.1', async (ctx) => {
    const server = await listen('::1').catch((error: Error) => {
      return ctx.skip(`IPv6 loopback is unavailable here (${error.message})`);
    });
    const port = portOf(server);
    expect(await probe.probe('::1', port)).toBe('taken');
    expect(await probe.probe('127.0.0.1', port)).toBe('free');
  });

  it('reports an address that is not on this host as unavailable', async () => {
    // 2001:db8::/32 is for documentation; binding it fails locally (EADDRNOTAVAIL, or EAFNOSUPPORT without IPv6).
    expect(await probe.probe('2001:db8::1', 40123)).toBe('unavailable');
  });

  it('rejects host names and out-of-range ports instead of resolving or binding them', async () => {
    await expect(probe.probe('localhost', 40123)).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(probe.probe('127.0.0.1', 0)).rejects.toBeInstanceOf(NsoMultiError);
    await expect(probe.probe('127.0.0.1', 65536)).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});

describe('createPortProbe, probe after probe', () => {
  // Ports of this test: 32600-32615 (the range reserved for the allocation work's tests).
  const BASE = 32600;

  it('answers right probe after probe, also after a probe that found the port taken', async () => {
    const probe = createPortProbe();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      for (let round = 0; round < 12; round++) {
        expect(await probe.probe('127.0.0.1', BASE + 1 + (round % 4))).toBe('free');
      }
      const taken = await listen('127.0.0.1', BASE);
      for (let round = 0; round < 12; round++) {
        expect(await probe.probe('127.0.0.1', BASE)).toBe('taken');
        expect(await probe.probe('127.0.0.1', BASE + 1 + (round % 4))).toBe('free');
      }
      await close(taken);
      expect(await probe.probe('127.0.0.1', BASE)).toBe('free');
      const again = await listen('127.0.0.1', BASE);
      expect(portOf(again)).toBe(BASE);
    } finally {
      process.off('warning', onWarning);
    }
    // No handler is left behind on anything a probe keeps.
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });

  it('answers many probes in flight at once, each for its own port', async () => {
    const probe = createPortProbe();
    const taken = await listen('127.0.0.1', BASE + 8);
    const ports = Array.from({ length: 8 }, (_, i) => BASE + 5 + i);
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(ports.map((port) => probe.probe('127.0.0.1', port)));
      expect(results).toEqual(ports.map((port) => (port === BASE + 8 ? 'taken' : 'free')));
    }
    await close(taken);
  });
});

describe('classifyBindError', () => {
  it('maps in-use and permission errors to taken, missing address or family to unavailable', () => {
    expect(classifyBindError('EADDRINUSE')).toBe('taken');
    expect(classifyBindError('EACCES')).toBe('taken');
    expect(classifyBindError('EADDRNOTAVAIL')).toBe('unavailable');
    expect(classifyBindError('EAFNOSUPPORT')).toBe('unavailable');
    expect(classifyBindError('EMFILE')).toBeUndefined();
    expect(classifyBindError(undefined)).toBeUndefined();
  });
});
