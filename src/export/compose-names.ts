// The names in an exported compose project: each instance's files beside the compose file, its secrets, its
// DNS name on the project's network, and the service that forms an HA Raft cluster. Pure.
import { CONTAINER_HA_RAFT_TLS, type ContainerTarget } from './container-ha-raft.js';
import { dnsBaseName } from './k8s-names.js';

/** Where each instance's files sit, relative to the compose file: its folder holds ncs.conf, the secret and,
 * for an HA Raft node, its TLS files. */
export function composeInstanceFiles(name: string): {
  ncsConf: string;
  secret: string;
  haRaft: { caCert: string; cert: string; key: string };
} {
  return {
    ncsConf: `${name}/ncs.conf`,
    secret: `${name}/ipc_access`,
    haRaft: {
      caCert: `${name}/ha-raft/ca.crt`,
      cert: `${name}/ha-raft/node.crt`,
      key: `${name}/ha-raft/node.key`,
    },
  };
}

// The DNS name of an instance's container on the project's network: a network alias of two labels, as HA
// Raft's node addresses need a dotted name.
export function composeHost(instance: string, project: string): string {
  return `${dnsBaseName(instance)}.${dnsBaseName(project)}`;
}

/** Compose as an export target: HA Raft nodes are named by their network alias. */
export const COMPOSE_TARGET: ContainerTarget = { name: 'compose', hostOf: composeHost };

/** The service that forms an HA Raft cluster, and the folder of its script, relative to the compose file. */
export function composeFormService(cluster: string): { service: string; script: string } {
  const name = `ha-raft-${dnsBaseName(cluster)}`;
  return { service: name, script: `${name}/form.sh` };
}

/** An HA Raft node's TLS files: their key in composeInstanceFiles().haRaft, and where each is mounted. */
export const TLS_FILES = ['caCert', 'cert', 'key'] as const;
export const TLS_TARGETS = {
  caCert: CONTAINER_HA_RAFT_TLS.caCertFile,
  cert: CONTAINER_HA_RAFT_TLS.certFile,
  key: CONTAINER_HA_RAFT_TLS.keyFile,
};

/** The compose secret of an instance's IPC secret, and of each of an HA Raft node's TLS files. */
export const ipcSecretName = (instance: string) => `${instance}-ipc-access`;
export const tlsSecretName = (instance: string, file: (typeof TLS_FILES)[number]) =>
  `${instance}-ha-raft-${{ caCert: 'ca', cert: 'cert', key: 'key' }[file]}`;
