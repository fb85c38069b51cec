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

  it.each([[['--bogus']], [['-c']], [['--status', '--stop']]])('rejects %j as a usage error', (argv) => {
    expect(() => parseSimArgs(argv)).toThrow(expect.objectContaining({ code: 'USAGE', exitCode: 2 }));
  });
});
