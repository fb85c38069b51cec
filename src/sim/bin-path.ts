// Where the simulator's executable entry is: dist/sim/bin.js next to this module once built. Code running
// from the TypeScript sources (the test suite) uses the built copy, since Node cannot run the .ts entry.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The absolute path of the simulator's bin.js.
export function simBinPath(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts')
    ? join(dirname(here), '..', '..', 'dist', 'sim', 'bin.js')
    : join(dirname(here), 'bin.js');
}
