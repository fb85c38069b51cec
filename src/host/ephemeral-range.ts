// Finds the ports the kernel hands out for outgoing connections, so generated ports can stay out of them.
import { readFile } from 'node:fs/promises';

export interface PortRange {
  low: number;
  high: number;
}

/** Where Linux keeps the range: two numbers separated by whitespace, e.g. "32768\t60999\n". */
export const LINUX_EPHEMERAL_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';

/** The IANA dynamic range, used by macOS, the BSDs and Windows (since Vista). */
export const IANA_EPHEMERAL_RANGE: PortRange = Object.freeze({ low: 49152, high: 65535 });

/** The Linux kernel's default range, for when the proc file cannot be read. */
export const LINUX_DEFAULT_EPHEMERAL_RANGE: PortRange = Object.freeze({ low: 32768, high: 60999 });

const IANA_PLATFORMS: ReadonlySet<string> = new Set(['darwin', 'freebsd', 'openbsd', 'netbsd', 'win32']);

// Parses the text of ip_local_port_range; undefined unless it holds exactly two ports with low <= high.
export function parseEphemeralRange(text: string): PortRange | undefined {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 2 || !parts.every((p) => /^\d{1,5}$/.test(p))) return undefined;
  const [low, high] = parts.map(Number) as [number, number];
  if (low < 1 || high > 65535 || low > high) return undefined;
  return { low, high };
}

export interface ReadEphemeralRangeOptions {
  /** Seam for tests; defaults to process.platform. */
  platform?: NodeJS.Platform;
  /** Seam for tests; defaults to the Linux proc file. */
  file?: string;
}

// Reads the host's ephemeral range; elsewhere than Linux, or when the file is unreadable, a documented default.
export async function readEphemeralRange(options: ReadEphemeralRangeOptions = {}): Promise<PortRange> {
  const platform = options.platform ?? process.platform;
  // macOS and the BSDs keep theirs in sysctls; their default is the IANA range, which is close enough here.
  if (IANA_PLATFORMS.has(platform)) return { ...IANA_EPHEMERAL_RANGE };
  if (platform !== 'linux') return { ...LINUX_DEFAULT_EPHEMERAL_RANGE };
  try {
    const parsed = parseEphemeralRange(await readFile(options.file ?? LINUX_EPHEMERAL_RANGE_FILE, 'utf8'));
    return parsed ?? { ...LINUX_DEFAULT_EPHEMERAL_RANGE };
  } catch {
    // Containers and sandboxes may hide /proc/sys; the kernel default is the best guess then.
    return { ...LINUX_DEFAULT_EPHEMERAL_RANGE };
  }
}
