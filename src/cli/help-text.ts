// The text of `nso-multi --help`.
import { COMMANDS } from './command-table.js';

// The top-level help: usage, commands, global options, exit codes.
export function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const commands = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'nso-multi: run several Cisco NSO instances side by side on one host',
    '',
    'Usage: nso-multi [-c FILE] <command> [options]',
    '',
    'Commands:',
    ...commands,
    '',
    'Options:',
    '  -c, --config FILE  the spec (default: nso-multi.yaml or another spec file, searched upwards)',
    '      --debug        show stack traces of errors',
    '  -h, --help         this help; `nso-multi <command> --help` for a command',
    '  -v, --version      print the version',
    '',
    'Exit codes: 0 ok, 1 runtime failure, 2 invalid spec or usage.',
    '',
  ].join('\n');
}
