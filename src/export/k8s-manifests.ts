// `export k8s` as plain data: per instance a ConfigMap (ncs.conf), a Secret (the IPC access-check secret), a
// headless Service (the StatefulSet's pod DNS), a ClusterIP Service (the stable address of its listeners) and
// a StatefulSet; and the lot as one multi-document YAML text. Pure: no file is read or written here.
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { NsoMultiError } from '../errors.js';
import type { ContainerInstance } from './container-model.js';
import { clusterObjects, formWaitCommand, tlsSecretData } from './k8s-ha-raft.js';
import {
  checkNamespace,
  instanceNames,
  instanceObjectNames,
  type K8sInstanceNames,
  labelValue,
  portNames,
} from './k8s-names.js';
import { type PortForward, portForward } from './k8s-port-forward.js';
import type {
  ConfigMapManifest,
  K8sManifest,
  ObjectMeta,
  SecretManifest,
  ServiceManifest,
} from './k8s-types.js';
import type { DependencyTarget } from './k8s-wait-init.js';
import { NCS_CONF_KEY, RUN_VOLUME_SIZE, SECRET_KEY, SECRET_MODE, statefulSet } from './k8s-workload.js';

export interface K8sOptions {
  /** Sets metadata.namespace on every object; absent: none (kubectl's current namespace applies). */
  namespace?: string;
  /** The run dir claim's size; default 1Gi. */
  runVolumeSize?: string;
}

export interface K8sExport {
  manifests: K8sManifest[];
  /** Every manifest as one multi-document YAML text, with a header comment. */
  yaml: string;
  portForwards: PortForward[];
}

// Builds the Kubernetes objects of every instance, in spec order, and their YAML text.
export function k8sManifests(instances: readonly ContainerInstance[], options: K8sOptions = {}): K8sExport {
  checkK8sOptions(options);
  const { namespace } = options;
  const runVolumeSize = options.runVolumeSize ?? RUN_VOLUME_SIZE;
  const names = instanceNames(instances.map((i) => i.name));
  const byInstance = new Map(names.map((n) => [n.instance, n]));
  const manifests: K8sManifest[] = [];
  const portForwards: PortForward[] = [];
  instances.forEach((instance, index) => {
    const name = names[index]!;
    const selector = {
      'app.kubernetes.io/name': 'nso',
      'app.kubernetes.io/instance': name.instanceLabel,
      'app.kubernetes.io/part-of': labelValue(instance.project),
    };
    const meta = (objectName: string): ObjectMeta => ({
      name: objectName,
      ...(namespace === undefined ? {} : { namespace }),
      labels: { ...selector, 'app.kubernetes.io/managed-by': 'nso-multi' },
      annotations: { 'nso-multi/instance': instance.name },
    });
    const ports = portNames(instance.ports);
    const objects = instanceObjectNames(name.base);
    const configMap: ConfigMapManifest = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(objects.configMap),
      data: { [NCS_CONF_KEY]: instance.ncsConf },
    };
    const secret: SecretManifest = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(objects.secret),
      type: 'Opaque',
      data: {
        [SECRET_KEY]: Buffer.from(instance.secret.text, 'utf8').toString('base64'),
        ...tlsSecretData(instance),
      },
    };
    const service = (serviceName: string, headless: boolean) =>
      serviceManifest(meta(serviceName), selector, instance, ports, headless);
    const workload = statefulSet(instance, {
      metadata: meta(name.base),
      selector,
      headlessService: objects.headless,
      configMap: objects.configMap,
      secret: objects.secret,
      portNames: ports,
      dependencies: instance.dependsOn.map((dep) => dependencyTarget(instance, dep, byInstance, instances)),
      runVolumeSize,
      configDigest: configDigest(instance),
    });
    manifests.push(configMap, secret, service(objects.headless, true), service(name.base, false), workload);
    portForwards.push(portForward(instance, name.base, namespace));
  });
  const project = labelValue(instances[0]?.project ?? '');
  manifests.push(
    ...clusterObjects(instances, {
      names: byInstance,
      secretOf: (instance) => instanceObjectNames(byInstance.get(instance)!.base).secret,
      secretKey: SECRET_KEY,
      secretMode: SECRET_MODE,
      meta: (objectName, appName) => ({
        name: objectName,
        ...(namespace === undefined ? {} : { namespace }),
        labels: {
          'app.kubernetes.io/name': appName,
          'app.kubernetes.io/part-of': project,
          'app.kubernetes.io/managed-by': 'nso-multi',
        },
      }),
    }),
  );
  return { manifests, yaml: manifestsYaml(manifests, instances, portForwards), portForwards };
}

// A Service for the instance's listeners, by the container ports; headless for the StatefulSet's pod DNS.
function serviceManifest(
  metadata: ObjectMeta,
  selector: Record<string, string>,
  instance: ContainerInstance,
  portNames: readonly string[],
  headless: boolean,
): ServiceManifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      type: 'ClusterIP',
      ...(headless ? { clusterIP: 'None' as const, publishNotReadyAddresses: true as const } : {}),
      selector,
      ports: instance.ports.map((port, i) => ({
        name: portNames[i]!,
        protocol: port.protocol === 'udp' ? 'UDP' : 'TCP',
        port: port.containerPort,
        targetPort: portNames[i]!,
      })),
    },
  };
}

function configDigest(instance: ContainerInstance): string {
  const hash = createHash('sha256').update(instance.ncsConf).update('\0').update(instance.secret.text);
  const tls = instance.haRaft?.tls;
  if (tls !== undefined)
    hash.update('\0').update(tls.caCert).update('\0').update(tls.cert).update('\0').update(tls.key);
  return hash.digest('hex');
}

// Refuses a namespace or a claim size Kubernetes would reject.
export function checkK8sOptions(options: K8sOptions): void {
  if (options.namespace !== undefined) checkNamespace(options.namespace);
  const size = options.runVolumeSize;
  if (size !== undefined && !/^\d+(\.\d+)?([KMGTPE]i|[kMGTPE])?$/.test(size)) {
    throw new NsoMultiError('USAGE', `run volume size ${JSON.stringify(size)} is not a quantity`, {
      hint: 'write it as Kubernetes does, e.g. 1Gi or 500Mi',
    });
  }
}

// Where a dependent connects to learn that `dep` is ready: its ClusterIP Service on the IPC port.
function dependencyTarget(
  instance: ContainerInstance,
  dep: string,
  names: ReadonlyMap<string, K8sInstanceNames>,
  instances: readonly ContainerInstance[],
): DependencyTarget {
  const target = instances.find((i) => i.name === dep);
  const name = names.get(dep);
  const port = target?.ports.find((p) => p.key === 'ipc') ?? target?.ports.find((p) => p.protocol === 'tcp');
  if (name === undefined || port === undefined) {
    throw new NsoMultiError(
      'SPEC_INVALID',
      `instance ${instance.name}: dependsOn names ${JSON.stringify(dep)}, which is not exported`,
      {
        hint: 'list only instances of this spec in dependsOn',
        instance: instance.name,
      },
    );
  }
  return { service: name.base, port: port.containerPort };
}

function manifestsYaml(
  manifests: readonly K8sManifest[],
  instances: readonly ContainerInstance[],
  forwards: readonly PortForward[],
): string {
  const project = instances[0]?.project ?? '';
  const header = [
    `# Generated by nso-multi (export k8s) for project ${project}; regenerate rather than edit.`,
    '# It holds the IPC access-check secrets: keep it as private as the secret files.',
    '# Apply: kubectl apply -f nso-multi.k8s.yaml',
    '# Reach the instances on the ports of their env files:',
    ...forwards.flatMap((f) => [
      ...f.commands.map((c) => `#   ${c}`),
      ...f.notForwarded.map((p) => `#   (${f.instance} ${p.key}: UDP, not forwarded by kubectl)`),
    ]),
  ];
  const jobs = manifests.filter((m) => m.kind === 'Job');
  if (jobs.length > 0) {
    header.push(
      '# HA Raft: a Job per cluster creates it on its first node; it completes once the cluster has a leader:',
      ...jobs.map((job) => `#   ${formWaitCommand(job.metadata.name, job.metadata.namespace)}`),
    );
  }
  const docs = manifests.map((m) => `---\n${stringify(m, { lineWidth: 0, aliasDuplicateObjects: false })}`);
  return `${header.join('\n')}\n${docs.join('')}`;
}
