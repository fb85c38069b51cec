import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scanWorkdir } from './locate-state.js';

describe('scanWorkdir', () => {
  it.each([
    ['instances: []\n', null],
    ['workdir: run\ninstances: []\n', 'run'],
    ['workdir: "run area"   # comment\n', 'run area'],
    ["workdir: 'it is'\n", 'it is'],
    ['workdir: ./a/b c\n', './a/b c'],
    ['# the workdir holds run dirs\nworkdir: w\n  # workdir again\n', 'w'],
    ['# only a comment names workdir\ninstances: []\n', null],
  ])('reads %j cheaply', (text, expected) => {
    expect(scanWorkdir(text)).toBe(expected);
  });

  it.each([
    'workdir: "esc\\"aped"\n',
    'defaults:\n  workdir: x\nworkdir: y\n',
    '{ workdir: x }\n',
    'workdir: &a x\n',
    'workdir:\n  x\n',
  ])('hands %j to the YAML parser', (text) => {
    expect(scanWorkdir(text)).toBeUndefined();
  });

  it('agrees with the YAML parser wherever it answers', () => {
    const samples = ['workdir: a b\n', "workdir: 'q'\n", 'workdir: "d"\n', 'x: 1\nworkdir: w # c\n'];
    for (const text of samples) expect(scanWorkdir(text)).toBe(parse(text).workdir);
  });
});
