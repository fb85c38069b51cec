import { expect, test } from 'vitest';
import { cliError } from './ncs-cli-script.js';

test('cliError takes NSO error lines up to "stop on error", past the progress lines before them', () => {
  // What `packages reload` printed on NSO 6.2.5 when a package's YANG module would be deleted.
  const output = [
    '>>> System upgrade is starting.',
    'Error: The following modules will be deleted by upgrade:',
    'svc: svc',
    "If this is intended, proceed with 'force' parameter.",
    '',
    'stop on error: packages reload',
  ].join('\n');
  expect(cliError(output)).toBe(
    "The following modules will be deleted by upgrade: svc: svc If this is intended, proceed with 'force' parameter.",
  );
});

test('cliError without an Error: line is the first line printed', () => {
  expect(cliError('\n  syntax error: unknown argument\nmore')).toBe('syntax error: unknown argument');
});
