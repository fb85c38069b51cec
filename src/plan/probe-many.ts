// Probes many address:port pairs with bounded parallelism: the allocator's way to ask the host.
import { NsoMultiError } from '../errors.js';
import type { PortProbe, ProbeResult } from '../model.js';
import type { ListenerProtocol } from '../nso/listeners.js';

/** Binds in flight at once by default; measured on 4000 loopback probes (bench/probes/probe-concurrency.mjs). */
export const DEFAULT_PROBE_CONCURRENCY = 64;

export interface PortCheck {
  address: string;
  port: number;
  /** More addresses the port must be free on; the first result that is not `free` counts. */
  also?: readonly string[] | undefined;
  /** How the listener binds; TCP when absent (SNMP's agent port is UDP). */
  protocol?: ListenerProtocol | undefined;
}

// One check: its address, then each `also` address while the port is free everywhere so far.
async function probeCheck(probe: PortProbe, check: PortCheck): Promise<ProbeResult> {
  let result = await probe.probe(check.address, check.port, check.protocol);
  for (const address of check.also ?? []) {
    if (result !== 'free') break;
    result = await probe.probe(address, check.port, check.protocol);
  }
  return result;
}

// Probes many address:port pairs with at most `concurrency` binds in flight; results in input order.
export async function probeMany(
  probe: PortProbe,
  checks: readonly PortCheck[],
  concurrency = DEFAULT_PROBE_CONCURRENCY,
): Promise<ProbeResult[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new NsoMultiError('INTERNAL', `probeMany needs a positive integer concurrency, got ${concurrency}`);
  }
  const results = new Array<ProbeResult>(checks.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < checks.length) {
      const index = next++;
      const check = checks[index]!;
      try {
        results[index] = await probeCheck(probe, check);
      } catch (error) {
        // Hand out no more work once a probe failed; the caller gets the first error.
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, checks.length) }, worker);
  await Promise.all(workers);
  return results;
}
