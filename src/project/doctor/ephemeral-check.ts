// The `ephemeral range` check: ports the kernel hands to outgoing connections must not be ports an instance
// needs. A pinned port in there can be taken at random at any time; generated ones in there get moved.
import type { PortRange, Spec } from '../../model.js';
import { type CheckOutcome, outcome } from './doctor-report.js';

const SYSCTL = 'net.ipv4.ip_local_port_range';

interface Pin {
  instance: string;
  key: string;
  port: number;
}

function pinsInside(spec: Spec, range: PortRange): Pin[] {
  return spec.instances.flatMap((instance) =>
    Object.entries(instance.ports)
      .filter(([, port]) => port !== undefined && port >= range.low && port <= range.high)
      .map(([key, port]) => ({ instance: instance.name, key, port: port as number })),
  );
}

// How to move the range's low end above `port`, when the range stays non-empty.
function raiseRange(range: PortRange, port: number): string {
  return port < range.high ? `raise the range (sysctl -w ${SYSCTL}="${port + 1} ${range.high}")` : '';
}

// Reports the host's range; with a spec, pinned ports inside it (fail) and layout blocks reaching into it (warn).
export async function checkEphemeralRange(range: PortRange, spec: Spec | undefined): Promise<CheckOutcome> {
  const shown = `${range.low}–${range.high}`;
  if (spec === undefined) return outcome('ok', `${shown} (no spec: pinned ports not checked)`);
  const inside = pinsInside(spec, range);
  if (inside.length > 0) {
    const listed = inside.map((p) => `${p.instance}/${p.key}/${p.port}`).join(', ');
    const highest = Math.max(...inside.map((p) => p.port));
    const raise = raiseRange(range, highest);
    return outcome(
      'fail',
      `pinned port${inside.length === 1 ? '' : 's'} inside the ephemeral range ${shown}: ${listed}`,
      `pin a port below ${range.low}${raise === '' ? '' : `, or ${raise}`}`,
    );
  }
  const { base, stride } = spec.layout;
  const count = spec.instances.length;
  const first = base + stride;
  const last = base + (count + 1) * stride - 1;
  if (first <= range.high && last >= range.low) {
    const lowerBase = range.low - (count + 1) * stride;
    const fixes = [
      ...(lowerBase >= 1024 ? [`set layout.base to ${lowerBase} or lower`] : []),
      raiseRange(range, last),
    ].filter((f) => f !== '');
    return outcome(
      'warn',
      `${shown}: the layout's ports ${first}–${last} reach into it; generated ports there are moved elsewhere`,
      fixes.length > 0 ? fixes.join(', or ') : 'use fewer instances or a smaller layout.stride',
    );
  }
  return outcome('ok', `${shown} (the layout's ports ${first}–${last} stay out of it)`);
}
