// The ncs.conf an instance runs with inside its container: the template rendered by render's own renderer with
// every listener on 0.0.0.0 at NSO's standard port, the IPC access check on, and the run dir and logs moved to
// the image's volumes.

import type { InstancePlan, Plan } from '../model.js';
import { haRaftListenForm } from '../nso/ha-raft-address.js';
import { TEMPLATE_LISTENER_KEYS } from '../nso/listeners.js';
import { localIpcModeFor } from '../nso/local-ipc-versions.js';
import type { HaRaftInput } from '../render/ha-raft-listen.js';
import { type NcsConfInput, renderNcsConf } from '../render/ncs-conf.js';
import { CONTAINER_HA_RAFT_TLS, type ContainerHaRaftNode } from './container-ha-raft.js';
import { CONTAINER_PATHS } from './container-model.js';
import { containerPortOf } from './container-ports.js';

const ANY = '0.0.0.0';

/** Given to the renderer as the instance's own SNMP folder, which it puts just before the SNMP folders it keeps
 * (`${NCS_DIR}/etc/ncs/snmp` when the template has none, whose snmp_init.xml opens UDP 4000), and removed afterwards: in its container the instance may use
 * the image's snmp_init.xml. Ends in `snmp`, so the renderer takes it for an SNMP folder. */
const SNMP_DIR_STAND_IN = '/nso-multi-image-snmp-dir/snmp';

// The stand-in's <dir> element, with the line it is on.
const STAND_IN_DIR = new RegExp(`(\\r?\\n[ \\t]*)?<((?:[\\w-]+:)?dir)>${SNMP_DIR_STAND_IN}</\\2>`);

/** What the container's ncs.conf names beside its listeners. */
export interface ContainerConfInput {
  /** Where the IPC secret is mounted inside. */
  secretPath: string;
  /** HA Raft on: the node and the other nodes of its cluster (its seed nodes). */
  haRaft?: { node: ContainerHaRaftNode; seeds: readonly ContainerHaRaftNode[] };
}

// Renders the container form of one instance's ncs.conf.
export function containerNcsConf(
  plan: Plan,
  instance: InstancePlan,
  templateXml: string,
  input: ContainerConfInput,
): string {
  const { ports } = instance;
  const version = plan.nsoVersion;
  const listener = (port: number | null, key: 'netconfSsh' | 'netconfTcp' | 'cliSsh') => ({
    enabled: port !== null,
    address: ANY,
    port: containerPortOf(key, version),
  });
  const templateListeners: NcsConfInput['templateListeners'] = {};
  for (const key of TEMPLATE_LISTENER_KEYS) {
    templateListeners[key] = {
      enabled: ports[key] !== null,
      address: ANY,
      port: containerPortOf(key, version),
    };
  }
  const xml = renderNcsConf(
    templateXml,
    {
      ipc: { address: ANY, port: containerPortOf('ipc', version) },
      accessCheck: { enabled: true, filename: input.secretPath },
      netconfSsh: listener(ports.netconfSsh, 'netconfSsh'),
      netconfTcp: listener(ports.netconfTcp, 'netconfTcp'),
      cliSsh: listener(ports.cliSsh, 'cliSsh'),
      templateListeners,
      // The same numbers inside as outside: the template's entries have no standard port to fall back to.
      additionalListen: (instance.additionalListeners ?? []).map((entry) => ({ ...entry, address: ANY })),
      localIpc: localIpcModeFor(version),
      snmpDir: ports.snmp === null ? null : SNMP_DIR_STAND_IN,
      ...(input.haRaft === undefined ? {} : { haRaft: haRaftInput(input.haRaft, version) }),
    },
    instance.spec.template,
  );
  return withContainerPaths(xml.replace(STAND_IN_DIR, ''));
}

// Every node listens at NSO's standard HA Raft port of the version, under its container's DNS name, with the
// TLS files mounted from its secrets.
function haRaftInput(haRaft: NonNullable<ContainerConfInput['haRaft']>, version: string): HaRaftInput {
  const port = containerPortOf('haRaft', version);
  return {
    nodeAddress: haRaft.node.nodeAddress,
    port,
    form: haRaftListenForm(version),
    seeds: haRaft.seeds.map((seed) => ({ nodeAddress: seed.nodeAddress, port })),
    clusterName: haRaft.node.cluster,
    tls: {
      caCertFile: CONTAINER_HA_RAFT_TLS.caCertFile,
      certFile: CONTAINER_HA_RAFT_TLS.certFile,
      keyFile: CONTAINER_HA_RAFT_TLS.keyFile,
    },
  };
}

// Rewrites the run-dir-relative paths of ncs-setup style templates (`./state`, `./ncs-cdb`, `./logs/...`) to
// absolute container paths: logs go to the image's /log volume, everything else under /nso/run, and rollback
// files (which ncs-setup keeps in ./logs) stay with the CDB under /nso/run/rollbacks. Absolute paths do not
// depend on the working directory the image starts ncs in, which nso-facts.md leaves unconfirmed.
export function withContainerPaths(xml: string): string {
  const rollback = xml.replace(
    /(<(?:[\w-]+:)?rollback\b[^>]*>[\s\S]*?<((?:[\w-]+:)?directory)>)\s*\.\/logs\/?\s*(<\/\2>)/,
    `$1${CONTAINER_PATHS.runDir}/rollbacks$3`,
  );
  return rollback.replace(/>(\s*)\.\/([^<]*)</g, (_all, space: string, rest: string) => {
    const path = rest.trimEnd();
    const tail = rest.slice(path.length);
    const moved =
      path === 'logs' || path.startsWith('logs/')
        ? `${CONTAINER_PATHS.logDir}${path.slice('logs'.length)}`
        : `${CONTAINER_PATHS.runDir}/${path}`;
    return `>${space}${moved}${tail}<`;
  });
}
