// Building blocks for allocation unit tests: a probe over an imaginary host and requests for N instances.
import type { PortProbe, ProbeResult } from '../../src/model.js';
import type { ListenerKey } from '../../src/nso/listeners.js';
import type { AllocationRequest, InstanceRequest } from '../../src/plan/allocate-ports.js';

// A probe over an imaginary host: `taken` ports are in use, `missing` addresses do not exist; counts its calls.
export function fakeProbe(
  taken: Iterable<number> = [],
  missing: string[] = [],
): PortProbe & { calls: number } {
  const busy = new Set(taken);
  const fake = {
    calls: 0,
    async probe(address: string, port: number): Promise<ProbeResult> {
      fake.calls++;
      if (missing.includes(address)) return 'unavailable';
      return busy.has(port) ? 'taken' : 'free';
    },
  };
  return fake;
}

// `count` instances named i1, i2, … each with `keys` on 127.0.0.1.
export function instanceRequests(count: number, keys: readonly ListenerKey[]): InstanceRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `i${i + 1}`,
    index: i + 1,
    listeners: keys.map((key) => ({ key, address: '127.0.0.1' })),
  }));
}

// A request on Linux's default ephemeral range with nothing assigned before; `overrides` replace whole fields.
export function allocationRequest(
  base: number,
  instances: InstanceRequest[],
  overrides: Partial<AllocationRequest> = {},
): AllocationRequest {
  return {
    layout: { base, stride: 10 },
    instances,
    previous: {},
    ephemeral: { low: 32768, high: 60999 },
    ...overrides,
  };
}
