// NSO's view of its packages: /packages/package/oper-status as `show packages package oper-status | display
// json` prints it. Pure.

/** Where a package stands: `up`, or the case of tailf-ncs-packages.yang's oper-status choice that says why not. */
export type PackageOperStatus =
  | 'up'
  | 'program-code-error'
  | 'java-uninitialized'
  | 'python-uninitialized'
  | 'bad-ncs-version'
  | 'missing-dependency'
  | 'circular-dependency'
  | 'package-meta-data-error'
  | 'file-load-error'
  /** No case set: NSO has not decided yet (seen while its VMs start). */
  | 'unknown';

/** One package and its oper-status, with the reasons NSO gives. */
export interface PackageStatus {
  name: string;
  status: PackageOperStatus;
  /** oper-status/error-info, and for missing-dependency the package it misses. */
  errors: string[];
  warnings: string[];
}

/** Statuses a package leaves by itself once NSO's Java or Python VM has connected and run it. */
export const SETTLING_STATUSES: ReadonlySet<PackageOperStatus> = new Set([
  'java-uninitialized',
  'python-uninitialized',
  'unknown',
]);

const CASES: readonly PackageOperStatus[] = [
  'up',
  'program-code-error',
  'java-uninitialized',
  'python-uninitialized',
  'bad-ncs-version',
  'missing-dependency',
  'circular-dependency',
  'package-meta-data-error',
  'file-load-error',
];

// The packages in `show packages package oper-status | display json` output; null when it is not that JSON.
// NSO prints nothing but an empty `data` when no package is loaded.
export function parsePackageStatuses(text: string): PackageStatus[] | null {
  let document: unknown;
  try {
    document = JSON.parse(text.slice(Math.max(0, text.indexOf('{'))));
  } catch {
    return null;
  }
  const data = field(document, 'data');
  if (data === undefined) return null;
  const list = field(field(data, 'tailf-ncs:packages'), 'package');
  if (list === undefined) return [];
  if (!Array.isArray(list)) return null;
  return list.flatMap((entry) => {
    const name = field(entry, 'name');
    if (typeof name !== 'string') return [];
    const oper = field(entry, 'oper-status') ?? {};
    const status = CASES.find((c) => field(oper, c) !== undefined) ?? 'unknown';
    const errors = strings(field(oper, 'error-info'));
    const missing = field(oper, 'missing-dependency');
    if (missing !== undefined) {
      const other = field(missing, 'package-name');
      const version = field(missing, 'package-version');
      if (typeof other === 'string') {
        errors.unshift(`needs package ${other}${typeof version === 'string' ? ` ${version}` : ''}`);
      }
    }
    return [{ name, status, errors, warnings: strings(field(oper, 'warnings')) }];
  });
}

// One line for a package that is not up, e.g. `bad: program-code-error: LOAD_PACKAGE[com.example.Nope]`.
export function describePackageStatus(p: PackageStatus): string {
  return [p.name, p.status, ...p.errors].join(': ');
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
