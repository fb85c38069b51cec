// Makes the netsim network of every instance that has one, after render committed the run dirs: with the
// ncs-netsim of the NSO installation that runs the instances (see ncs/netsim.ts). Without an installation
// (the simulator, or none found) the networks are left for a later render, and a notice says so.
import { isNsoMultiError } from '../errors.js';
import type { Plan } from '../model.js';
import { type NcsCommand, resolveNcsCommand } from '../ncs/ncs-command.js';
import { ensureNetwork, netsimTool } from '../ncs/netsim.js';
import type { Notice } from '../notice.js';

export interface NetworkOptions {
  /** The `ncs` that runs the instances; default as `up` would resolve it (ncs.command, $NCS_DIR, PATH). */
  ncs?: NcsCommand;
  /** The spec's `ncs.command`. */
  specNcs?: string;
  env: NodeJS.ProcessEnv;
}

// Makes (or keeps) each instance's network; notices say what was made, or why nothing was.
export async function makeNetsimNetworks(plan: Plan, options: NetworkOptions): Promise<Notice[]> {
  const withNetsim = plan.instances.filter((i) => i.netsim !== undefined);
  if (withNetsim.length === 0) return [];
  const ncs = options.ncs ?? (await foundNcs(options));
  const tool = ncs === undefined ? undefined : netsimTool(ncs);
  if (tool === undefined) {
    const why = ncs?.sim
      ? 'the simulator runs no netsim devices (the instance starts without them)'
      : 'no NSO installation with ncs-netsim found (source $NCS_DIR/ncsrc, then render again)';
    return withNetsim.map((instance) => ({
      level: 'warning',
      instance: instance.name,
      message: `${instance.name}: netsim network not made: ${why}`,
    }));
  }
  const notices: Notice[] = [];
  for (const instance of withNetsim) {
    const netsim = instance.netsim!;
    const made = await ensureNetwork(tool, netsim, options.env);
    if (made === 'kept') continue;
    const count = netsim.devices.length;
    notices.push({
      level: made === 'created' ? 'info' : 'warning',
      instance: instance.name,
      message:
        made === 'created'
          ? `${instance.name}: made a netsim network of ${count} device(s) in ${netsim.dir}`
          : `${instance.name}: made the netsim network in ${netsim.dir} again (its devices or ports changed); the devices' configuration starts afresh`,
    });
  }
  return notices;
}

async function foundNcs(options: NetworkOptions): Promise<NcsCommand | undefined> {
  try {
    return await resolveNcsCommand({ spec: options.specNcs, env: options.env });
  } catch (error) {
    if (isNsoMultiError(error) && error.code === 'NCS_NOT_FOUND') return undefined;
    throw error;
  }
}
