// The Kubernetes objects `export k8s` writes, typed as far as nso-multi fills them in (plain data, no client
// library: the manifests are text for `kubectl apply`).

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ConfigMapManifest {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: ObjectMeta;
  data: Record<string, string>;
}

export interface SecretManifest {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: ObjectMeta;
  type: 'Opaque';
  /** Base64 of the exact bytes, so a trailing newline or any other byte survives the YAML round trip. */
  data: Record<string, string>;
}

export interface ServicePortSpec {
  name: string;
  protocol: 'TCP' | 'UDP';
  port: number;
  targetPort: string;
}

export interface ServiceManifest {
  apiVersion: 'v1';
  kind: 'Service';
  metadata: ObjectMeta;
  spec: {
    type: 'ClusterIP';
    /** 'None' makes the service headless: DNS names for the pods, no virtual IP. */
    clusterIP?: 'None';
    /** On the headless Service: pod DNS names exist while the pod starts, as a container's name does in compose. */
    publishNotReadyAddresses?: true;
    selector: Record<string, string>;
    ports: ServicePortSpec[];
  };
}

export interface ContainerPortSpec {
  name: string;
  containerPort: number;
  protocol: 'TCP' | 'UDP';
}

export interface ExecProbe {
  exec: { command: string[] };
  initialDelaySeconds?: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
}

export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  env?: { name: string; value: string }[];
  ports?: ContainerPortSpec[];
  readinessProbe?: ExecProbe;
  startupProbe?: ExecProbe;
  volumeMounts?: VolumeMount[];
}

export type VolumeSpec =
  | { name: string; configMap: { name: string; items: { key: string; path: string }[] } }
  | {
      name: string;
      secret: { secretName: string; defaultMode: number; items: { key: string; path: string }[] };
    }
  | { name: string; emptyDir: Record<string, never> };

export interface VolumeClaimTemplate {
  metadata: { name: string; labels: Record<string, string> };
  spec: { accessModes: ['ReadWriteOnce']; resources: { requests: { storage: string } } };
}

export interface StatefulSetManifest {
  apiVersion: 'apps/v1';
  kind: 'StatefulSet';
  metadata: ObjectMeta;
  spec: {
    replicas: 1;
    serviceName: string;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: {
        enableServiceLinks: false;
        initContainers?: ContainerSpec[];
        containers: ContainerSpec[];
        volumes: VolumeSpec[];
      };
    };
    volumeClaimTemplates: VolumeClaimTemplate[];
  };
}

/** A run-to-completion workload: the step that forms an HA Raft cluster. */
export interface JobManifest {
  apiVersion: 'batch/v1';
  kind: 'Job';
  metadata: ObjectMeta;
  spec: {
    backoffLimit: number;
    ttlSecondsAfterFinished: number;
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        restartPolicy: 'OnFailure';
        enableServiceLinks: false;
        initContainers?: ContainerSpec[];
        containers: ContainerSpec[];
        volumes: VolumeSpec[];
      };
    };
  };
}

export type K8sManifest =
  | ConfigMapManifest
  | SecretManifest
  | ServiceManifest
  | StatefulSetManifest
  | JobManifest;
