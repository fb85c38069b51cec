import { describe, expect, it } from 'vitest';
import { NsoMultiError } from '../errors.js';
import type { PortProbe, ProbeResult } from '../model.js';
import { probeMany } from './probe-many.js';

describe('probeMany', () => {
  // A fake probe whose answers finish in an order unrelated to the input order, counting binds in flight.
  function fakeProbe(): PortProbe & { maxInFlight: number; calls: number } {
    let inFlight = 0;
    const fake = {
      maxInFlight: 0,
      calls: 0,
      async probe(_address: string, port: number): Promise<ProbeResult> {
        fake.calls++;
        inFlight++;
        fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
        for (let turn = 0; turn < (port * 7) % 5; turn++) await new Promise((r) => setImmediate(r));
        await new Promise((r) => setImmediate(r));
        inFlight--;
        return port % 3 === 0 ? 'taken' : port % 3 === 1 ? 'free' : 'unavailable';
      },
    };
    return fake;
  }

  const checks = Array.from({ length: 20 }, (_, i) => ({ address: '127.0.0.1', port: 1000 + i }));
  const expected = checks.map((c) =>
    c.port % 3 === 0 ? 'taken' : c.port % 3 === 1 ? 'free' : 'unavailable',
  );

  it('returns results in input order', async () => {
    expect(await probeMany(fakeProbe(), checks, 4)).toEqual(expected);
  });

  it('keeps at most `concurrency` probes in flight and uses that many', async () => {
    const fake = fakeProbe();
    await probeMany(fake, checks, 3);
    expect(fake.maxInFlight).toBe(3);
    expect(fake.calls).toBe(checks.length);
  });

  it('handles an empty list and rejects a concurrency below 1', async () => {
    expect(await probeMany(fakeProbe(), [], 8)).toEqual([]);
    await expect(probeMany(fakeProbe(), checks, 0)).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('passes on the first failure and starts no more probes after it', async () => {
    const failing: PortProbe & { calls: number } = {
      calls: 0,
      async probe(_address, port) {
        failing.calls++;
        if (port === 1001) throw new NsoMultiError('IO', 'boom');
        return 'free';
      },
    };
    await expect(probeMany(failing, checks, 1)).rejects.toMatchObject({ code: 'IO' });
    expect(failing.calls).toBe(2);
  });
});
