// Runs one command line and returns its exit code; main.ts only sets process.exitCode from it.
import { EXIT_OK, EXIT_USAGE, NsoMultiError } from '../errors.js';
import { packageVersion } from '../host/package-version.js';
import type { CliIo } from './command.js';
import { COMMANDS } from './command-table.js';
import { debugRequested } from './debug-flag.js';
import { helpText } from './help-text.js';
import { splitCommandLine } from './parse-args.js';
import { reportError } from './report-error.js';

// The real process streams.
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stderr.isTTY === true,
  };
}

// Dispatches argv to its command; every error ends here as a message and an exit code.
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const debug = debugRequested(argv);
  try {
    const line = splitCommandLine(argv);
    if (line.version && line.command === undefined) {
      io.stdout(`${packageVersion()}\n`);
      return EXIT_OK;
    }
    if (line.command === undefined) {
      io[line.help ? 'stdout' : 'stderr'](helpText());
      return line.help ? EXIT_OK : EXIT_USAGE;
    }
    if (line.command === 'help') {
      io.stdout(helpText());
      return EXIT_OK;
    }
    const entry = COMMANDS[line.command];
    if (entry === undefined) {
      throw new NsoMultiError('USAGE', `unknown command ${line.command}`, {
        hint: `commands: ${Object.keys(COMMANDS).join(', ')} (see nso-multi --help)`,
      });
    }
    const command = await entry.load();
    return await command.run(line.rest, line.global, io);
  } catch (error) {
    return reportError(error, debug, io.stderr);
  }
}
