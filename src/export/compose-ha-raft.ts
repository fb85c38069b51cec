// HA Raft in an exported compose project: each node's secrets (its IPC secret and TLS files) and, per cluster,
// the service that forms it. Pure.
import { NsoMultiError } from '../errors.js';
import { composeFormService, ipcSecretName, TLS_FILES, TLS_TARGETS, tlsSecretName } from './compose-names.js';
import {
  type ContainerCluster,
  type ContainerHaRaftNode,
  containerClusters,
  otherNodes,
} from './container-ha-raft.js';
import type { ContainerInstance } from './container-model.js';
import { FORM_SCRIPT_PATH, haRaftFormScript } from './ha-raft-form-script.js';

// Every secret a service mounts: the IPC secret, and an HA Raft node's TLS files.
export function serviceSecrets(
  instance: ContainerInstance,
): { source: string; target: string; mode: number }[] {
  const ipc = { source: ipcSecretName(instance.name), target: instance.secret.containerPath, mode: 0o400 };
  if (instance.haRaft === undefined) return [ipc];
  return [
    ipc,
    ...TLS_FILES.map((file) => ({
      source: tlsSecretName(instance.name, file),
      target: TLS_TARGETS[file],
      mode: 0o400,
    })),
  ];
}

// The service that forms an HA Raft cluster: in the image of the cluster's first node, once every node is
// healthy, it runs the form script against that node and stays, healthy while the node knows a leader; so
// `docker compose up --wait` returns with the cluster formed.
export function formService(
  cluster: ContainerCluster,
  first: ContainerInstance,
  all: readonly ContainerInstance[],
) {
  const { script } = composeFormService(cluster.name);
  const ipc = first.ports.find((p) => p.key === 'ipc');
  if (ipc === undefined) {
    throw new NsoMultiError('INTERNAL', `instance ${first.name}: an exported instance without an IPC port`);
  }
  return {
    image: first.image,
    entrypoint: ['sh', FORM_SCRIPT_PATH],
    command: ['hold'],
    environment: {
      NCS_IPC_ADDR: first.name,
      NCS_IPC_PORT: String(ipc.containerPort),
      NCS_IPC_ACCESS_FILE: first.secret.containerPath,
    },
    volumes: [`./${script}:${FORM_SCRIPT_PATH}:ro`],
    secrets: [{ source: ipcSecretName(first.name), target: first.secret.containerPath, mode: 0o400 }],
    healthcheck: { test: ['CMD', 'sh', FORM_SCRIPT_PATH, 'check'], ...FORM_HEALTH },
    depends_on: Object.fromEntries(
      all
        .filter((i) => i.haRaft?.cluster === cluster.name)
        .map((i) => [i.name, { condition: 'service_healthy' }]),
    ),
  };
}

/** The form service's health: checked every 5 s, given the form script's whole bound to get there. */
const FORM_HEALTH = { interval: '5s', timeout: '10s', retries: 3, start_period: '600s' } as const;

/** One HA Raft cluster of an export: its form service and script. */
export interface ComposeCluster {
  cluster: ContainerCluster;
  service: string;
  /** The script's path relative to the compose file, and its text. */
  script: string;
  scriptText: string;
}

// The HA Raft clusters of the instances, each with the service and script that form it; refuses a form
// service whose name an instance already has.
export function composeClusters(instances: readonly ContainerInstance[]): ComposeCluster[] {
  const nodes = new Map<string, ContainerHaRaftNode>();
  for (const instance of instances) if (instance.haRaft) nodes.set(instance.name, instance.haRaft);
  return containerClusters(nodes).map((cluster) => {
    const { service, script } = composeFormService(cluster.name);
    const clash = instances.find((i) => i.name === service);
    if (clash !== undefined) {
      throw new NsoMultiError(
        'SPEC_INVALID',
        `instance ${clash.name}: its service name is the one that forms HA Raft cluster ${cluster.name}`,
        {
          instance: clash.name,
          hint: `rename the instance; compose services named ha-raft-<cluster> form clusters`,
        },
      );
    }
    const first = cluster.nodes[0]!;
    const members = otherNodes(cluster, first.instance).map((n) => n.nodeAddress);
    return { cluster, service, script, scriptText: haRaftFormScript(cluster.name, members) };
  });
}
