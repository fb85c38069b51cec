// The `ncs` command line the simulator understands, parsed into one command.
import { NsoMultiError } from '../errors.js';
import { REPORT_TO_PARENT_FLAG } from './start-report.js';

export type SimCommand =
  | {
      kind: 'start';
      confFile: string | null;
      cd: string | null;
      foreground: boolean;
      reportToParent: boolean;
    }
  | { kind: 'status' }
  | { kind: 'stop' }
  | { kind: 'wait-started'; trySeconds: number }
  | { kind: 'version' }
  | { kind: 'help' };

export const USAGE = `Usage: ncs [-c FILE] [--cd DIR] [--foreground] [--with-package-reload]
       ncs --status | --stop | --wait-started [TryTime] | --version
(nso-multi's NSO simulator: it opens the listeners of an ncs.conf and answers control commands)`;

/** Flags of the real `ncs` start that the simulator accepts and ignores. */
const IGNORED_FLAGS = new Set([
  '-v',
  '--verbose',
  '--stop-on-eof',
  '--with-package-reload',
  '--with-package-reload-force',
  '--ignore-initial-validation',
  '--heart',
]);
const IGNORED_WITH_VALUE = new Set(['--addloadpath']);

/** NSO's exit code for a bad command line (bin/ncs's `error`). */
export const EXIT_BAD_ARGS = 1;

// Parses argv (without the program name) in order, as ncs does: `--version` and `--help` answer at once, a
// `-c` file must exist (`isFile`, relative to the caller's directory) whatever the command; throws a USAGE
// error (exit 1, worded like ncs) for what ncs would not accept.
export function parseSimArgs(
  argv: readonly string[],
  isFile: (path: string) => boolean = () => true,
): SimCommand {
  let confFile: string | null = null;
  let cd: string | null = null;
  let foreground = false;
  let reportToParent = false;
  let control: SimCommand | null = null;
  const setControl = (command: SimCommand): void => {
    if (control !== null) throw usage('only one of --status, --stop, --wait-started can be given');
    control = command;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw usage(`${arg} needs a value`);
      return next;
    };
    if (arg === '-c' || arg === '--conf') {
      confFile = argv[++i] ?? '';
      if (!isFile(confFile)) throw usage(`bad file ${confFile} to option -c`);
    } else if (arg === '--cd') cd = value();
    else if (arg === '--foreground') foreground = true;
    else if (arg === REPORT_TO_PARENT_FLAG) reportToParent = true;
    else if (arg === '--status') setControl({ kind: 'status' });
    else if (arg === '--stop') setControl({ kind: 'stop' });
    else if (arg === '--version') return { kind: 'version' };
    else if (arg === '-h' || arg === '--help') return { kind: 'help' };
    else if (arg === '--wait-started') {
      const next = argv[i + 1];
      // Whole seconds only, as ncs: anything else is not taken as TryTime (and then is an unknown option).
      const given = next !== undefined && /^\d+$/.test(next);
      if (given) i++;
      setControl({ kind: 'wait-started', trySeconds: given ? Number(next) : 5 });
    } else if (IGNORED_FLAGS.has(arg)) continue;
    else if (IGNORED_WITH_VALUE.has(arg)) value();
    else throw usage(`${arg}: Unknown option`);
  }
  return control ?? { kind: 'start', confFile, cd, foreground, reportToParent };
}

// ncs prints an empty line, `*** MESSAGE` and ` Try ncs --help to get usage text` on stderr, and exits 1.
export function usage(message: string): NsoMultiError {
  return new NsoMultiError('USAGE', `\n*** ${message}`, {
    hint: ' Try ncs --help to get usage text',
    exitCode: EXIT_BAD_ARGS,
  });
}
