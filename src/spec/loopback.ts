// Tells loopback addresses from the rest, for the IPC exposure rule; pure, on addresses the schema accepted.

// The eight 16-bit groups of an IPv6 address, or undefined when it is malformed.
function ipv6Groups(address: string): number[] | undefined {
  // An embedded IPv4 tail (::ffff:127.0.0.1) becomes two hex groups.
  const text = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a, b, c, d) => {
    const group = (high: string, low: string) => (Number(high) * 256 + Number(low)).toString(16);
    return `${group(a, b)}:${group(c, d)}`;
  });
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined) =>
    part === undefined || part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16));
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return undefined;
  return [...head, ...Array<number>(missing).fill(0), ...tail];
}

// True for 127.0.0.0/8, ::1 and IPv4-mapped 127.x addresses: only processes on this host can reach them.
export function isLoopbackAddress(address: string): boolean {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) return address.split('.')[0] === '127';
  const groups = ipv6Groups(address.toLowerCase());
  if (groups === undefined) return false;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 7) && groups[7] === 1) return true;
  // ::ffff:127.x.y.z, the IPv4-mapped form of an IPv4 loopback address.
  return zeros(0, 5) && groups[5] === 0xffff && (groups[6] ?? 0) >> 8 === 127;
}
