// HA Raft in `export k8s`: each node's TLS files as keys of its Secret, mounted where its ncs.conf names them,
// and per cluster a ConfigMap with the form script and a Job that runs it against the cluster's first node once
// every node's Service answers. The Job ends when the cluster has a leader (`kubectl wait --for=condition=complete`)
// and is deleted a while later, so applying the file again runs it again, which adds nothing to a formed cluster.
import { posix } from 'node:path';
import { NsoMultiError } from '../errors.js';
import {
  CONTAINER_HA_RAFT_TLS,
  type ContainerHaRaftNode,
  containerClusters,
  otherNodes,
} from './container-ha-raft.js';
import type { ContainerInstance } from './container-model.js';
import { FORM_SCRIPT_PATH, haRaftFormScript } from './ha-raft-form-script.js';
import { dnsBaseName, instanceObjectNames, type K8sInstanceNames } from './k8s-names.js';
import type { ConfigMapManifest, JobManifest, ObjectMeta, VolumeMount, VolumeSpec } from './k8s-types.js';
import { waitForDependencies } from './k8s-wait-init.js';

/** The Secret keys of a node's TLS files, and the file names they are mounted as. */
const TLS_ITEMS = [
  { file: 'caCert', key: 'ha-raft-ca.crt', path: posix.basename(CONTAINER_HA_RAFT_TLS.caCertFile) },
  { file: 'cert', key: 'ha-raft-node.crt', path: posix.basename(CONTAINER_HA_RAFT_TLS.certFile) },
  { file: 'key', key: 'ha-raft-node.key', path: posix.basename(CONTAINER_HA_RAFT_TLS.keyFile) },
] as const;

const TLS_VOLUME = 'ha-raft-tls';
const SCRIPT_KEY = 'ha-raft-form.sh';
/** Retries of a failed form Job (each one runs the whole bounded script), and how long a finished one stays. */
const JOB_BACKOFF_LIMIT = 3;
const JOB_TTL_SECONDS = 600;

// The command that waits for a form Job to complete: for the cluster to have a leader.
export function formWaitCommand(job: string, namespace: string | undefined): string {
  const ns = namespace === undefined ? '' : ` -n ${namespace}`;
  return `kubectl${ns} wait --for=condition=complete job/${job} --timeout=15m`;
}

// The Secret data of an HA Raft node's TLS files (base64); empty for an instance without HA Raft.
export function tlsSecretData(instance: ContainerInstance): Record<string, string> {
  const tls = instance.haRaft?.tls;
  if (tls === undefined) return {};
  return Object.fromEntries(
    TLS_ITEMS.map((item) => [item.key, Buffer.from(tls[item.file], 'utf8').toString('base64')]),
  );
}

// The volume (from the instance's Secret) and mount of a node's TLS files; none without HA Raft.
export function tlsVolume(
  instance: ContainerInstance,
  secretName: string,
  mode: number,
): { volumes: VolumeSpec[]; mounts: VolumeMount[] } {
  if (instance.haRaft === undefined) return { volumes: [], mounts: [] };
  return {
    volumes: [
      {
        name: TLS_VOLUME,
        secret: {
          secretName,
          defaultMode: mode,
          items: TLS_ITEMS.map((item) => ({ key: item.key, path: item.path })),
        },
      },
    ],
    mounts: [{ name: TLS_VOLUME, mountPath: CONTAINER_HA_RAFT_TLS.dir, readOnly: true }],
  };
}

/** What the cluster objects refer to: each instance's names and Secret, and how metadata is made. */
export interface ClusterRefs {
  names: ReadonlyMap<string, K8sInstanceNames>;
  secretOf: (instance: string) => string;
  secretKey: string;
  secretMode: number;
  /** Metadata with the project's labels, for an object of the given name and `app.kubernetes.io/name`. */
  meta: (name: string, appName: string) => ObjectMeta;
}

// The ConfigMap and Job that form each HA Raft cluster of the instances, in the order of their first nodes.
export function clusterObjects(
  instances: readonly ContainerInstance[],
  refs: ClusterRefs,
): (ConfigMapManifest | JobManifest)[] {
  const nodes = new Map<string, ContainerHaRaftNode>();
  for (const instance of instances) if (instance.haRaft) nodes.set(instance.name, instance.haRaft);
  const taken = new Set(
    [...refs.names.values()].flatMap((n) => [n.base, ...Object.values(instanceObjectNames(n.base))]),
  );
  return containerClusters(nodes).flatMap((cluster) => {
    const name = `${dnsBaseName(cluster.name).slice(0, 40)}-ha-raft-form`;
    if (taken.has(name)) {
      throw new NsoMultiError(
        'SPEC_INVALID',
        `HA Raft cluster ${cluster.name}: its form Job would be named ${name}, as an instance's object is`,
        {
          hint: 'rename that instance or the cluster',
        },
      );
    }
    taken.add(name);
    const first = instances.find((i) => i.name === cluster.nodes[0]!.instance)!;
    const members = otherNodes(cluster, first.name).map((n) => n.nodeAddress);
    const configMap: ConfigMapManifest = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: refs.meta(name, 'nso-ha-raft-form'),
      data: { [SCRIPT_KEY]: haRaftFormScript(cluster.name, members) },
    };
    return [configMap, formJob(name, first, cluster.nodes, refs)];
  });
}

function formJob(
  name: string,
  first: ContainerInstance,
  nodes: readonly ContainerHaRaftNode[],
  refs: ClusterRefs,
): JobManifest {
  const metadata = refs.meta(name, 'nso-ha-raft-form');
  const ipc = first.ports.find((p) => p.key === 'ipc');
  const firstNames = refs.names.get(first.name);
  if (ipc === undefined || firstNames === undefined) {
    throw new NsoMultiError(
      'INTERNAL',
      `instance ${first.name}: an exported HA Raft node without an IPC port`,
    );
  }
  const targets = nodes.map((node) => ({
    service: refs.names.get(node.instance)!.base,
    port: ipc.containerPort,
  }));
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata,
    spec: {
      backoffLimit: JOB_BACKOFF_LIMIT,
      ttlSecondsAfterFinished: JOB_TTL_SECONDS,
      template: {
        metadata: { labels: metadata.labels },
        spec: {
          restartPolicy: 'OnFailure',
          enableServiceLinks: false,
          initContainers: [waitForDependencies(first.image, targets)],
          containers: [
            {
              name: 'form',
              image: first.image,
              command: ['sh', FORM_SCRIPT_PATH, 'form'],
              env: [
                { name: 'NCS_IPC_ADDR', value: firstNames.base },
                { name: 'NCS_IPC_PORT', value: String(ipc.containerPort) },
                { name: 'NCS_IPC_ACCESS_FILE', value: first.secret.containerPath },
              ],
              volumeMounts: [
                { name: 'script', mountPath: FORM_SCRIPT_PATH, subPath: SCRIPT_KEY, readOnly: true },
                {
                  name: 'ipc-secret',
                  mountPath: first.secret.containerPath,
                  subPath: posix.basename(first.secret.containerPath),
                  readOnly: true,
                },
              ],
            },
          ],
          volumes: [
            { name: 'script', configMap: { name, items: [{ key: SCRIPT_KEY, path: SCRIPT_KEY }] } },
            {
              name: 'ipc-secret',
              secret: {
                secretName: refs.secretOf(first.name),
                defaultMode: refs.secretMode,
                items: [{ key: refs.secretKey, path: posix.basename(first.secret.containerPath) }],
              },
            },
          ],
        },
      },
    },
  };
}
