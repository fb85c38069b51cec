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

// Parses argv (without the program name); throws a USAGE error for what ncs would not accept.
export function parseSimArgs(argv: readonly string[]): SimCommand {
  let confFile: string | null = null;
  let cd: string | null = null;
  let foreground = false;
  let reportToParent = false;
  let control: SimCommand | null = null;
  const setControl = (command: SimCommand): void => {
    if (control !== null) throw usage(`only one of --status, --stop, --wait-started, --version can be given`);
    control = command;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw usage(`${arg} needs a value`);
      return next;
    };
    if (arg === '-c' || arg === '--conf') confFile = value();
    else if (arg === '--cd') cd = value();
    else if (arg === '--foreground') foreground = true;
    else if (arg === REPORT_TO_PARENT_FLAG) reportToParent = true;
    else if (arg === '--status') setControl({ kind: 'status' });
    else if (arg === '--stop') setControl({ kind: 'stop' });
    else if (arg === '--version') setControl({ kind: 'version' });
    else if (arg === '-h' || arg === '--help') setControl({ kind: 'help' });
    else if (arg === '--wait-started') {
      const next = argv[i + 1];
      const given = next !== undefined && /^\d+(\.\d+)?$/.test(next);
      if (given) i++;
      setControl({ kind: 'wait-started', trySeconds: given ? Number(next) : 5 });
    } else if (IGNORED_FLAGS.has(arg)) continue;
    else if (IGNORED_WITH_VALUE.has(arg)) value();
    else throw usage(`unknown option ${arg}`);
  }
  return control ?? { kind: 'start', confFile, cd, foreground, reportToParent };
}

function usage(message: string): NsoMultiError {
  return new NsoMultiError('USAGE', `ncs: ${message}`, { hint: USAGE });
}
