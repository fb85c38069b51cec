// What `doctor` reports: one entry per check, each with a status, what it found and how to fix a failure.
import { isNsoMultiError } from '../../errors.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  id: string;
  title: string;
  status: CheckStatus;
  /** What the check found; may span lines (one per problem). Never holds a secret. */
  detail: string;
  /** What to do about a warning or failure. */
  fix?: string;
}

export interface DoctorReport {
  /** False when any check failed; warnings and skips keep it true. */
  ok: boolean;
  checks: DoctorCheck[];
}

/** A check's result without its name. */
export type CheckOutcome = Omit<DoctorCheck, 'id' | 'title'>;

// Builds an outcome, leaving `fix` out when there is none so --json shows no empty keys.
export function outcome(status: CheckStatus, detail: string, fix?: string): CheckOutcome {
  return fix === undefined ? { status, detail } : { status, detail, fix };
}

// Runs one check so that whatever it throws becomes its own failure instead of stopping the others.
export async function runCheck(
  id: string,
  title: string,
  check: () => Promise<CheckOutcome>,
): Promise<DoctorCheck> {
  try {
    return { id, title, ...(await check()) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const hint = isNsoMultiError(error) ? error.hint : undefined;
    return { id, title, ...outcome('fail', detail, hint) };
  }
}
