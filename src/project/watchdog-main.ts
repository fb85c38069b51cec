// The watchdog process of `up --watch-owner PID`, started detached by startWatchdog with its config as one
// JSON argument. It logs one line per event to stdout: nowhere, unless NSO_MULTI_WATCHDOG_LOG names a file.
import { parseWatchdogConfig, watchOwner } from './watchdog.js';

const log = (line: string): void => {
  process.stdout.write(`${new Date().toISOString()} watchdog ${process.pid}: ${line}\n`);
};

try {
  await watchOwner(parseWatchdogConfig(process.argv[2]), { log });
} catch (error) {
  log(`failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
