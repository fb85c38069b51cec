// The NSO installation render needs for netsim networks (its ncs-netsim) and LSA upper nodes (its LSA NED): the
// `ncs` that runs the instances (given by `up`, else found as `up` would find it). Looked for only when the
// plan needs it; without one, what needs it is left out with a notice, not failed: render also serves exports
// and users without NSO.
import { isNsoMultiError } from '../errors.js';
import type { Plan } from '../model.js';
import { installationDirOf, type NcsCommand, resolveNcsCommand } from '../ncs/ncs-command.js';

export interface InstallationOptions {
  /** The `ncs` that runs the instances; default as `up` would resolve it (ncs.command, $NCS_DIR, PATH). */
  ncs?: NcsCommand;
  /** The spec's `ncs.command`. */
  specNcs?: string;
  env: NodeJS.ProcessEnv;
}

/** The installation's `ncs`, or why there is none to use. */
export type Installation = { ncs: NcsCommand; ncsDir: string } | { missing: string };

// True when some instance has netsim devices or is an LSA upper node.
export function needsInstallation(plan: Plan): boolean {
  return plan.instances.some((i) => i.netsim !== undefined || i.spec.lsa !== undefined);
}

// The installation to use, or why there is none (the simulator, or no NSO found).
export async function findInstallation(options: InstallationOptions): Promise<Installation> {
  let ncs = options.ncs;
  if (ncs === undefined) {
    try {
      ncs = await resolveNcsCommand({ spec: options.specNcs, env: options.env });
    } catch (error) {
      if (isNsoMultiError(error) && error.code === 'NCS_NOT_FOUND') {
        return { missing: 'no NSO installation found (source $NCS_DIR/ncsrc, then render again)' };
      }
      throw error;
    }
  }
  if (ncs.sim) return { missing: 'the simulator has no NSO installation' };
  if (ncs.args.length > 0) return { missing: `${ncs.display} is not an NSO installation's ncs` };
  return { ncs, ncsDir: installationDirOf(ncs) };
}
