// The one error type of nso-multi: a stable code, a message that says what and where, a hint that says what to do.

/** Exit codes: 0 ok, 1 runtime failure, 2 invalid spec or usage. */
export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;

/** Stable error codes; scripts and tests match on these, never on message text. */
export type ErrorCode =
  | 'USAGE' // bad command line
  | 'SPEC_NOT_FOUND' // no spec file found or given
  | 'SPEC_INVALID' // the spec has one or more problems (listed in `problems`)
  | 'TEMPLATE_INVALID' // the ncs.conf template cannot be used
  | 'UNKNOWN_INSTANCE' // a name on the command line is not in the spec
  | 'NOT_RENDERED' // an instance has no state yet
  | 'PINNED_PORT_BUSY' // a pinned port is in use on the host
  | 'NO_FREE_PORT' // the allocator ran out of candidates
  | 'ADDRESS_UNAVAILABLE' // a listener's address does not exist on this host
  | 'UNSAFE_PATH' // a symlink or foreign file stands where nso-multi writes
  | 'STATE_CORRUPT' // the state file cannot be read
  | 'IO' // a file could not be read or written
  | 'NCS_NOT_FOUND' // no `ncs` to run the instances with
  | 'START_FAILED' // an instance did not start
  | 'STOP_FAILED' // an instance did not stop
  | 'HA_RAFT_FAILED' // an HA Raft cluster did not form: no leader that every node follows
  | 'NETSIM_FAILED' // ncs-netsim could not make a network, or a netsim device did not start
  | 'LSA_FAILED' // an LSA upper node could not be wired to its lower nodes
  | 'BUILD_FAILED' // `make` of a package failed (reload --build)
  | 'RELOAD_FAILED' // `packages reload` failed, or left a package that is not up
  | 'INTERRUPTED' // SIGINT/SIGTERM during a run
  | 'LOCK_TIMEOUT' // the host-wide lease registry stayed locked too long
  | 'INTERNAL'; // a bug: please report

/** One problem found in a spec, located in its file. */
export interface SpecProblem {
  file: string;
  line?: number;
  col?: number;
  /** Dotted path of the key, e.g. `instances.1.ports.ipc`. */
  path: string;
  message: string;
  fix?: string;
}

export interface NsoMultiErrorOptions {
  hint?: string;
  cause?: unknown;
  exitCode?: number;
  problems?: SpecProblem[];
  instance?: string;
}

const usageCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'USAGE',
  'SPEC_NOT_FOUND',
  'SPEC_INVALID',
  'TEMPLATE_INVALID',
  'UNKNOWN_INSTANCE',
  'UNSAFE_PATH',
  'ADDRESS_UNAVAILABLE',
]);

// Every failure nso-multi reports goes through this type; the CLI maps it to an exit code in one place.
export class NsoMultiError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: number;
  readonly problems: SpecProblem[];
  readonly instance: string | undefined;

  constructor(code: ErrorCode, message: string, options: NsoMultiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NsoMultiError';
    this.code = code;
    this.hint = options.hint;
    this.problems = options.problems ?? [];
    this.instance = options.instance;
    this.exitCode = options.exitCode ?? (usageCodes.has(code) ? EXIT_USAGE : EXIT_RUNTIME);
  }
}

// Type guard for callers that catch unknown values.
export function isNsoMultiError(value: unknown): value is NsoMultiError {
  return value instanceof NsoMultiError;
}

// Formats one spec problem as `FILE:LINE:COL path: what — fix`.
export function formatProblem(problem: SpecProblem): string {
  const where =
    problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.col ?? 1}`;
  const key = problem.path === '' ? '' : ` ${problem.path}:`;
  const fix = problem.fix ? ` — ${problem.fix}` : '';
  return `${where}:${key} ${problem.message}${fix}`;
}
