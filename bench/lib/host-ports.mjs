// What the host's TCP ports look like: which ports listen now (from /proc/net/tcp and tcp6) and the OS
// ephemeral range, so the bench can choose port ranges nobody uses and check that it leaves none behind.
import { readFileSync } from 'node:fs';

const LISTEN = '0A';

// Every local TCP port in LISTEN state on any address, IPv4 and IPv6.
export function listeningPorts() {
  const ports = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 4 || fields[3] !== LISTEN) continue;
      ports.add(Number.parseInt(fields[1].split(':').pop(), 16));
    }
  }
  return ports;
}

// The OS range for outgoing connections' local ports (Linux default when unreadable).
export function ephemeralRange() {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return { low: Number(low), high: Number(high) };
  } catch {
    return { low: 32768, high: 60999 };
  }
}

/**
 * Picks one base per request ({ name, span }) so that the ranges [base, base + span) do not overlap each
 * other, hold no listening port now, and stay between `from` and `below` (exclusive). Bases are multiples
 * of 100, so a base is easy to read in the results.
 */
export function pickRanges(requests, { from = 10000, below }) {
  const busy = [...listeningPorts()];
  const bases = {};
  let next = from;
  for (const { name, span } of requests) {
    for (;;) {
      if (next + span > below) {
        throw new Error(`no free port range of ${span} ports for ${name} between ${from} and ${below}`);
      }
      const end = next + span;
      const blocker = busy.filter((p) => p >= next && p < end);
      if (blocker.length === 0) break;
      next = Math.ceil((Math.max(...blocker) + 1) / 100) * 100;
    }
    bases[name] = next;
    next = Math.ceil((next + span) / 100) * 100;
  }
  return bases;
}
