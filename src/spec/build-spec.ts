// Turns a valid spec file into the Spec the rest of nso-multi uses: defaults applied, paths absolute.
import { basename, dirname, resolve } from 'node:path';
import type { InstanceSpec, Spec } from '../model.js';
import type { ListenerKey } from '../nso/listeners.js';
import type { InstanceView } from './instance-views.js';
import type { SpecFile } from './schema.js';

// Builds the Spec from the parsed file and the instance views (defaults merged), for the spec at `file`.
export function buildSpec(parsed: SpecFile, views: readonly InstanceView[], file: string): Spec {
  const dir = dirname(file);
  return {
    file,
    dir,
    project: parsed.project ?? projectFromFolder(dir),
    workdir: resolve(dir, parsed.workdir),
    envDir: resolve(dir, parsed.envDir),
    nso: parsed.nso.version === undefined ? {} : { version: parsed.nso.version },
    ncs: parsed.ncs.command === undefined ? {} : { command: ncsCommand(parsed.ncs.command, dir) },
    layout: { base: parsed.layout.base, stride: parsed.layout.stride },
    instances: views.map((view) => instanceSpec(view, dir)),
  };
}

// `sim` and bare command names stay as they are; a path is resolved against the spec's folder.
function ncsCommand(command: string, dir: string): string {
  return command.includes('/') ? resolve(dir, command) : command;
}

function instanceSpec(view: InstanceView, dir: string): InstanceSpec {
  const { name, ports, ipc, netconf, cli, ssh } = view.settings;
  const pinned: Partial<Record<ListenerKey, number>> = {};
  for (const [key, port] of Object.entries(ports) as [ListenerKey, number | undefined][]) {
    if (port !== undefined) pinned[key] = port;
  }
  const { enabled, mode, group } = ipc.accessCheck;
  return {
    name,
    template: view.template,
    ports: pinned,
    ipc: {
      address: ipc.address,
      accessCheck: group === undefined ? { enabled, mode } : { enabled, mode, group },
      // Set only when not the default, so a spec without them builds exactly what it did before they existed.
      ...(ipc.transport === 'tcp' ? {} : { transport: ipc.transport }),
      ...(ipc.path === undefined ? {} : { path: resolve(dir, ipc.path) }),
    },
    netconf: { ssh: netconf.ssh, tcp: netconf.tcp, address: netconf.address },
    cli: { ssh: cli.ssh, address: cli.address },
    ...templateListenerSettings(view.settings),
    // Only when on: a spec without SNMP builds exactly what it did before the key existed.
    ...(view.settings.snmp?.enabled ? { snmp: { ...view.settings.snmp } } : {}),
    ...(ssh.hostKeys === 'shared' ? {} : { ssh: { hostKeys: ssh.hostKeys } }),
    ...packagesWithNeds(view),
    ...(view.settings.copyPackages ? { copyPackages: true } : {}),
    ...(view.cdbInit?.length ? { cdbInit: view.cdbInit } : {}),
    ...(view.settings.container === undefined ? {} : { container: { image: view.settings.container.image } }),
    ...(view.settings.dependsOn.length > 0 ? { dependsOn: [...view.settings.dependsOn] } : {}),
    ...(view.netsim?.length ? { netsim: view.netsim.map((network) => ({ ...network })) } : {}),
    ...(view.settings.lsa === undefined ? {} : { lsa: { lower: [...view.settings.lsa.lower] } }),
  };
}

// `packages` with each netsim network's NED after them (once): NSO loads the NED its devices need.
function packagesWithNeds(view: InstanceView): Pick<InstanceSpec, 'packages'> {
  const packages = [...(view.packages ?? [])];
  for (const network of view.netsim ?? []) if (!packages.includes(network.ned)) packages.push(network.ned);
  return packages.length > 0 ? { packages } : {};
}

// The template listeners the spec sets; each only when given, so older specs build as before.
function templateListenerSettings(
  settings: InstanceView['settings'],
): Pick<InstanceSpec, 'webui' | 'restconf' | 'callHome' | 'ha' | 'haRaft'> {
  const { webui, restconf, callHome, ha, haRaft } = settings;
  return {
    ...(webui === undefined ? {} : { webui: { ...webui } }),
    ...(restconf === undefined ? {} : { restconf: { ...restconf } }),
    ...(callHome === undefined ? {} : { callHome: { ...callHome } }),
    ...(ha === undefined ? {} : { ha: { ...ha } }),
    ...(haRaft === undefined ? {} : { haRaft: { ...haRaft } }),
  };
}

// The default project name: the spec folder's name, reduced to the characters a project name allows.
export function projectFromFolder(dir: string): string {
  const name = basename(dir)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 63);
  return name === '' || /^\.{1,2}$/.test(name) ? 'nso-multi' : name;
}
