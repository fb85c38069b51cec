import { describe, expect, it } from 'vitest';
import { connectAddress, isListening } from '../../src/host/port-listening.js';
import { listen } from '../helpers/listen.js';

describe('isListening', () => {
  it('is true while something accepts connections on the port and false once it is closed', async () => {
    const server = await listen(0);
    try {
      expect(await isListening('127.0.0.1', server.port)).toBe(true);
    } finally {
      await server.close();
    }
    expect(await isListening('127.0.0.1', server.port)).toBe(false);
  });

  it('reaches a wildcard bind over loopback', () => {
    expect(connectAddress('0.0.0.0')).toBe('127.0.0.1');
    expect(connectAddress('::')).toBe('::1');
    expect(connectAddress('127.0.0.2')).toBe('127.0.0.2');
    expect(connectAddress('::1')).toBe('::1');
  });
});
