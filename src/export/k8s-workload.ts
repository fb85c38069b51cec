// The StatefulSet that runs one NSO instance: one replica, ncs.conf and the IPC secret mounted as files, a
// claim for the run dir (CDB, state, rollbacks), the image's own health check as startup and readiness probe.
import { posix } from 'node:path';
import { CONTAINER_PATHS, type ContainerInstance, HEALTH_COMMAND } from './container-model.js';
import { tlsVolume } from './k8s-ha-raft.js';
import type { ContainerSpec, ExecProbe, ObjectMeta, StatefulSetManifest, VolumeSpec } from './k8s-types.js';
import { type DependencyTarget, waitForDependencies } from './k8s-wait-init.js';

/** The keys of the ConfigMap and the Secret, and the names of the volumes that mount them. */
export const NCS_CONF_KEY = 'ncs.conf';
export const SECRET_KEY = 'ipc-access';
export const RUN_CLAIM = 'run';
export const RUN_VOLUME_SIZE = '1Gi';
/** 0400: the owner (the user NSO runs as in the image) reads, nobody else. */
export const SECRET_MODE = 0o400;
export const CONFIG_DIGEST = 'nso-multi/config-sha256';

const command = [...HEALTH_COMMAND];

// Starting can take minutes (packages, CDB upgrade): the startup probe allows 10 minutes before the
// container is restarted, and holds the readiness probe back until then. No liveness probe: restarting an
// NSO that answers slowly during a long commit does more harm than waiting.
const STARTUP_PROBE: ExecProbe = {
  exec: { command },
  initialDelaySeconds: 5,
  periodSeconds: 5,
  timeoutSeconds: 5,
  failureThreshold: 120,
};
const READINESS_PROBE: ExecProbe = {
  exec: { command },
  periodSeconds: 10,
  timeoutSeconds: 5,
  failureThreshold: 3,
};

/** What the StatefulSet refers to by name. */
export interface WorkloadRefs {
  metadata: ObjectMeta;
  selector: Record<string, string>;
  headlessService: string;
  configMap: string;
  secret: string;
  /** Container port name per entry of `instance.ports`. */
  portNames: string[];
  dependencies: DependencyTarget[];
  runVolumeSize: string;
  /** A digest of ncs.conf and the secret: a change rolls the pod, which files mounted by subPath need. */
  configDigest: string;
}

// The StatefulSet of one instance.
export function statefulSet(instance: ContainerInstance, refs: WorkloadRefs): StatefulSetManifest {
  const ipc = instance.ports.find((port) => port.key === 'ipc');
  const tls = tlsVolume(instance, refs.secret, SECRET_MODE);
  const nso: ContainerSpec = {
    name: 'nso',
    image: instance.image,
    // The probe's ncs_cmd and `kubectl exec` clients find the daemon and pass its access check with these.
    env: [
      { name: 'NCS_IPC_ACCESS_FILE', value: instance.secret.containerPath },
      ...(ipc === undefined ? [] : [{ name: 'NCS_IPC_PORT', value: String(ipc.containerPort) }]),
    ],
    ports: instance.ports.map((port, index) => ({
      name: refs.portNames[index]!,
      containerPort: port.containerPort,
      protocol: port.protocol === 'udp' ? 'UDP' : 'TCP',
    })),
    startupProbe: STARTUP_PROBE,
    readinessProbe: READINESS_PROBE,
    volumeMounts: [
      { name: RUN_CLAIM, mountPath: CONTAINER_PATHS.runDir },
      { name: 'log', mountPath: CONTAINER_PATHS.logDir },
      { name: 'ncs-conf', mountPath: CONTAINER_PATHS.ncsConf, subPath: NCS_CONF_KEY, readOnly: true },
      {
        name: 'ipc-secret',
        mountPath: instance.secret.containerPath,
        subPath: posix.basename(instance.secret.containerPath),
        readOnly: true,
      },
      ...tls.mounts,
    ],
  };
  const volumes: VolumeSpec[] = [
    // Logs are diagnostics, not state: they outlive container restarts, not the pod (see docs/export.md).
    { name: 'log', emptyDir: {} },
    {
      name: 'ncs-conf',
      configMap: { name: refs.configMap, items: [{ key: NCS_CONF_KEY, path: NCS_CONF_KEY }] },
    },
    {
      name: 'ipc-secret',
      secret: {
        secretName: refs.secret,
        defaultMode: SECRET_MODE,
        items: [{ key: SECRET_KEY, path: posix.basename(instance.secret.containerPath) }],
      },
    },
    ...tls.volumes,
  ];
  const initContainers =
    refs.dependencies.length === 0
      ? {}
      : { initContainers: [waitForDependencies(instance.image, refs.dependencies)] };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: refs.metadata,
    spec: {
      replicas: 1,
      serviceName: refs.headlessService,
      selector: { matchLabels: refs.selector },
      template: {
        metadata: { labels: refs.metadata.labels, annotations: { [CONFIG_DIGEST]: refs.configDigest } },
        // Service links would put variables such as NCS_IPC_PORT (from a Service named ncs-ipc) into the pod.
        spec: { enableServiceLinks: false, ...initContainers, containers: [nso], volumes },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: RUN_CLAIM, labels: refs.metadata.labels },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: refs.runVolumeSize } } },
        },
      ],
    },
  };
}
