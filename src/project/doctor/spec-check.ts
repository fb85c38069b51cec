// The `spec` check: the spec loads and validates, or every problem it has is listed.
import { formatProblem, isNsoMultiError } from '../../errors.js';
import { type CheckOutcome, outcome } from './doctor-report.js';
import type { SpecLoad } from './project-context.js';

// Reports the loaded spec, the reason none was found, or its problems one per line.
export async function checkSpec(load: SpecLoad): Promise<CheckOutcome> {
  if (load.kind === 'missing') return outcome('skip', `${load.reason}; only host checks ran`);
  if (load.kind === 'loaded') {
    const { spec } = load;
    const count = spec.instances.length;
    return outcome(
      'ok',
      `${spec.file} (project ${spec.project}, ${count} instance${count === 1 ? '' : 's'})`,
    );
  }
  const error = load.error;
  if (!isNsoMultiError(error)) throw error;
  const lines = [error.message, ...error.problems.map((p) => `  ${formatProblem(p)}`)];
  return outcome('fail', lines.join('\n'), error.hint);
}
