// The ncs command line the simulator accepts.
import { describe, expect, it } from 'vitest';
import { parseSimArgs } from '../../src/sim/args.js';

describe('parseSimArgs', () => {
  it('reads a start with -c, --cd and ignored ncs flags', () => {
    expect(
      parseSimArgs(['-c', 'a.conf', '--cd', 'run', '--with-package-reload', '--addloadpath', 'p']),
    ).toEqual({
      kind: 'start',
      confFile: 'a.conf',
      cd: 'run',
      foreground: false,
      reportToParent: false,
    });
  });

  it('reads --wait-started with and without TryTime', () => {
    expect(parseSimArgs(['--wait-started'])).toEqual({ kind: 'wait-started', trySeconds: 5 });
    expect(parseSimArgs(['--wait-started', '12'])).toEqual({ kind: 'wait-started', trySeconds: 12 });
  });

  it('takes whole seconds only as TryTime, as ncs does', () => {
    expect(() => parseSimArgs(['--wait-started', '0.3'])).toThrow(
      expect.objectContaining({ message: '\n*** 0.3: Unknown option', exitCode: 1 }),
    );
  });

  it.each([
    [['--bogus'], '--bogus: Unknown option'],
    [['-c'], 'bad file  to option -c'],
    [['-c', 'missing.conf', '--status'], 'bad file missing.conf to option -c'],
    [['--status', '--stop'], 'only one of --status, --stop, --wait-started can be given'],
  ])('rejects %j like ncs: exit 1, *** %s', (argv, message) => {
    expect(() => parseSimArgs(argv, (path) => path === 'a.conf')).toThrow(
      expect.objectContaining({
        code: 'USAGE',
        exitCode: 1,
        message: `\n*** ${message}`,
        hint: ' Try ncs --help to get usage text',
      }),
    );
  });

  it('answers --version and --help at once, like ncs, whatever follows', () => {
    expect(parseSimArgs(['--version', '-c', 'missing.conf'], () => false)).toEqual({ kind: 'version' });
    expect(parseSimArgs(['--help', '--bogus'])).toEqual({ kind: 'help' });
  });
});
