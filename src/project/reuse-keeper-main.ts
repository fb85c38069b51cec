// The keeper process of a reused cluster, started detached by ensureKeeper with its config as one JSON argument.
// It logs one line per event to stdout: nowhere, unless NSO_MULTI_WATCHDOG_LOG names a file.
import { keepReused, parseKeeperConfig } from './reuse-keeper.js';

const log = (line: string): void => {
  process.stdout.write(`${new Date().toISOString()} reuse keeper ${process.pid}: ${line}\n`);
};

try {
  await keepReused(parseKeeperConfig(process.argv[2]), { log });
} catch (error) {
  log(`failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
