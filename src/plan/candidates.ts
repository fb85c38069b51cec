// The order in which ports are tried: a listener's home slot in its instance's block, then the overflow area.
import type { AllocationKey, PortLayout, PortRange } from '../model.js';
import { NSO_DEFAULT_PORTS } from '../nso/default-ports.js';
import { LISTENERS } from '../nso/listeners.js';

const offsets = new Map<AllocationKey, number | null>(LISTENERS.map((l) => [l.key, l.offset]));
const nsoDefaults = new Set(NSO_DEFAULT_PORTS);

export const MIN_PORT = 1024;
export const MAX_PORT = 65535;

// The preferred port of a listener: base + index*stride + offset (index is 1-based); undefined when the listener
// has no offset (an additional listener has none) or the stride leaves no room for it, so its port comes from the
// overflow area.
export function homePort(layout: PortLayout, index: number, key: AllocationKey): number | undefined {
  const offset = offsets.get(key) ?? null;
  if (offset === null || offset >= layout.stride) return undefined;
  return layout.base + index * layout.stride + offset;
}

/** True when nso-multi may generate this port: a user port, outside the ephemeral range, not an NSO default. */
export function isGeneratable(port: number, ephemeral: PortRange): boolean {
  return (
    Number.isInteger(port) &&
    port >= MIN_PORT &&
    port <= MAX_PORT &&
    !(port >= ephemeral.low && port <= ephemeral.high) &&
    !nsoDefaults.has(port)
  );
}

// Ports for listeners whose home slot was unusable: upwards from the end of the last block, then wrapping
// to the ports below the layout's base. Block ports are never yielded, so no instance takes another's slot.
export function* overflowPorts(layout: PortLayout, blocks: number, ephemeral: PortRange): Generator<number> {
  const start = layout.base + (blocks + 1) * layout.stride;
  for (let port = start; port <= MAX_PORT; port++) {
    if (isGeneratable(port, ephemeral)) yield port;
  }
  for (let port = MIN_PORT; port < layout.base + layout.stride; port++) {
    if (isGeneratable(port, ephemeral)) yield port;
  }
}
