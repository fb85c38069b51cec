import { describe, expect, test } from 'vitest';
import { describePackageStatus, parsePackageStatuses } from './package-status.js';

// What NSO 6.2.5 printed for `show packages package oper-status | display json` (ncs_cli -C), with one package
// whose Java component class is missing and one whose template clashed with another package's.
const TWO_FAILED = `{
  "data": {
    "tailf-ncs:packages": {
      "package": [
        {
          "name": "bad",
          "oper-status": {
            "program-code-error": [null],
            "error-info": ["LOAD_PACKAGE[com.example.Nope]"]
          }
        },
        {
          "name": "svc",
          "oper-status": {
            "up": [null]
          }
        }
      ]
    }
  }
}`;

describe('parsePackageStatuses', () => {
  test('reads each package with its oper-status case and error-info', () => {
    expect(parsePackageStatuses(TWO_FAILED)).toEqual([
      { name: 'bad', status: 'program-code-error', errors: ['LOAD_PACKAGE[com.example.Nope]'], warnings: [] },
      { name: 'svc', status: 'up', errors: [], warnings: [] },
    ]);
  });

  test('NSO without packages prints an empty data object: no packages', () => {
    expect(parsePackageStatuses('{\n  "data": {\n  }\n}\n')).toEqual([]);
  });

  test('a missing dependency names the package it misses', () => {
    const text = JSON.stringify({
      data: {
        'tailf-ncs:packages': {
          package: [{ name: 'a', 'oper-status': { 'missing-dependency': { 'package-name': 'b' } } }],
        },
      },
    });
    const [a] = parsePackageStatuses(text)!;
    expect(a).toMatchObject({ status: 'missing-dependency', errors: ['needs package b'] });
    expect(describePackageStatus(a!)).toBe('a: missing-dependency: needs package b');
  });

  test('no case set yet reads as unknown, warnings are kept', () => {
    const text = JSON.stringify({
      data: { 'tailf-ncs:packages': { package: [{ name: 'j', 'oper-status': { warnings: ['w1'] } }] } },
    });
    expect(parsePackageStatuses(text)).toEqual([
      { name: 'j', status: 'unknown', errors: [], warnings: ['w1'] },
    ]);
  });

  test('anything that is not that JSON is null, not an empty list', () => {
    expect(parsePackageStatuses('syntax error: unknown command')).toBeNull();
    expect(parsePackageStatuses('{"other": 1}')).toBeNull();
  });
});
