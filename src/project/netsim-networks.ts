// Makes the netsim network of every instance that has one, after render committed the run dirs: with the
// ncs-netsim of the NSO installation that runs the instances (see ncs/netsim.ts). Without an installation
// (the simulator, or none found) the networks are left for a later render, and a notice says so.
import type { Plan } from '../model.js';
import { ensureNetwork, netsimTool } from '../ncs/netsim.js';
import type { Notice } from '../notice.js';
import type { Installation } from './installation.js';

// Makes (or keeps) each instance's network; notices say what was made, or why nothing was.
export async function makeNetsimNetworks(
  plan: Plan,
  installation: Installation | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Notice[]> {
  const withNetsim = plan.instances.filter((i) => i.netsim !== undefined);
  if (withNetsim.length === 0 || installation === undefined) return [];
  const tool = 'ncs' in installation ? netsimTool(installation.ncs) : undefined;
  if (tool === undefined) {
    const why = 'missing' in installation ? installation.missing : 'no ncs-netsim';
    return withNetsim.map((instance) => ({
      level: 'warning',
      instance: instance.name,
      message: `${instance.name}: netsim network not made: ${why}; the instance starts without its devices`,
    }));
  }
  const notices: Notice[] = [];
  for (const instance of withNetsim) {
    const netsim = instance.netsim!;
    const made = await ensureNetwork(tool, netsim, env);
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
