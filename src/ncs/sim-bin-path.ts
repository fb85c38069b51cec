// Where the simulator's executable entry is: dist/sim/bin.js once built. Code running from the TypeScript
// sources (the test suite) uses the built copy, since Node cannot run the .ts entry.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The absolute path of the simulator's bin.js. Found through the parent folder, not as a sibling: in the
// bundled executables this code sits in dist/chunks/ (scripts/bundle.mjs), one level below dist/ as here.
export function simBinPath(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts')
    ? join(dirname(here), '..', '..', 'dist', 'sim', 'bin.js')
    : join(dirname(here), '..', 'sim', 'bin.js');
}

// Whether a daemon's command (what follows the node executable) is the simulator's bin.js.
export function isSimulatorCommand(command: string): boolean {
  return command === simBinPath();
}

/**
 * Variables Node.js acts on before running a line that only cost the simulator time: with
 * NODE_EXTRA_CA_CERTS every Node.js process reads and parses a whole certificate bundle at start (about
 * 60 ms of CPU per process on a small host, more than the simulator's own work), and the simulator opens
 * no TLS connection. CI images and company networks often set it for everything.
 */
export const SIM_UNSET_ENV: readonly string[] = ['NODE_EXTRA_CA_CERTS'];

// The environment a simulator process it starts itself (the daemon of a daemonizing start) gets.
export function simChildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const name of SIM_UNSET_ENV) delete out[name];
  return out;
}
