// nso-multi's own version, read from package.json next to the build without importing anything heavy.
import { readFileSync } from 'node:fs';

// The package version, e.g. "0.1.0".
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
