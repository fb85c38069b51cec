// What an export to a container orchestrator needs of each instance: plain data built from a plan, turned into
// docker compose or Kubernetes files by the writers beside this file.
import type { ListenerKey, ListenerProtocol } from '../nso/listeners.js';
import type { ContainerHaRaftNode } from './container-ha-raft.js';

/** One listener: inside the container on 0.0.0.0 at NSO's standard port, published on the host's allocated one. */
export interface ContainerPort {
  key: ListenerKey | string;
  protocol: ListenerProtocol;
  /** The port the listener binds inside the container (NSO's default for it, e.g. 2022 for NETCONF SSH). */
  containerPort: number;
  /** The port nso-multi allocated on the host: the instance's env file names it, so it works unchanged. */
  hostPort: number;
  /** Where the host port is published (the instance's listener address in the spec, default 127.0.0.1). */
  hostAddress: string;
}

/** One NSO instance as a container. */
export interface ContainerInstance {
  name: string;
  project: string;
  /** The NSO image (`container.image` in the spec), e.g. cisco-nso-prod:6.4.1. */
  image: string;
  /** The ncs.conf for inside the container: container paths (/nso/run, /log), listeners on 0.0.0.0 at their
   * standard ports, the IPC access check on with `secretPath`. */
  ncsConf: string;
  /** The IPC access-check secret's text, and the path it is mounted at inside the container. */
  secret: { text: string; containerPath: string; hostFile: string };
  ports: ContainerPort[];
  /** Instances this one waits for (`dependsOn` in the spec), healthy first. */
  dependsOn: string[];
  /** HA Raft on: the node, and the texts of its TLS files (mounted at CONTAINER_HA_RAFT_TLS). */
  haRaft?: ContainerHaRaftNode & { tls: HaRaftTlsTexts };
}

/** A node's TLS files as text: its cluster's authority, its certificate, its key. */
export interface HaRaftTlsTexts {
  caCert: string;
  cert: string;
  key: string;
}

/** Inside the container: where the image reads ncs.conf, keeps its run dir and its logs. */
export const CONTAINER_PATHS = {
  ncsConf: '/nso/etc/ncs.conf',
  runDir: '/nso/run',
  logDir: '/log',
} as const;

/** The readiness check of NSO's image: ncs_cmd returns 0 once the daemon has started, within 2 s. */
export const HEALTH_COMMAND = ['ncs_cmd', '-c', 'wait-start 2'] as const;
