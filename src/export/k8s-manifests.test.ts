import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { containerInstance, standardPorts } from '../../test/helpers/k8s-fixtures.js';
import { validateK8sObject } from '../../test/helpers/k8s-validate.js';
import { thrown } from '../../test/helpers/thrown.js';
import { NsoMultiError } from '../errors.js';
import { CONTAINER_PATHS, HEALTH_COMMAND } from './container-model.js';
import { haRaftFormScript } from './ha-raft-form-script.js';
import { k8sManifests } from './k8s-manifests.js';
import { podHost } from './k8s-names.js';
import type { K8sManifest, SecretManifest, ServiceManifest, StatefulSetManifest } from './k8s-types.js';

const two = () => [
  containerInstance('nso1'),
  containerInstance('nso2', { ports: standardPorts(21010), dependsOn: ['nso1'] }),
];

function find<K extends K8sManifest['kind']>(
  manifests: K8sManifest[],
  kind: K,
  name: string,
): Extract<K8sManifest, { kind: K }> {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found as Extract<K8sManifest, { kind: K }>;
}

const nsoContainer = (sts: StatefulSetManifest) => sts.spec.template.spec.containers[0]!;

describe('k8sManifests', () => {
  it('gives each instance a ConfigMap, Secret, headless and ClusterIP Service and StatefulSet, all valid', () => {
    const { manifests } = k8sManifests(two(), { namespace: 'lab' });
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'ConfigMap/nso1-ncs-conf',
      'Secret/nso1-ipc-secret',
      'Service/nso1-headless',
      'Service/nso1',
      'StatefulSet/nso1',
      'ConfigMap/nso2-ncs-conf',
      'Secret/nso2-ipc-secret',
      'Service/nso2-headless',
      'Service/nso2',
      'StatefulSet/nso2',
    ]);
    for (const manifest of manifests) expect(() => validateK8sObject(manifest)).not.toThrow();
  });

  it('the validation catches a broken object (the check can fail)', () => {
    const sts = structuredClone(find(k8sManifests(two()).manifests, 'StatefulSet', 'nso1'));
    (nsoContainer(sts).ports![0] as { containerPort: unknown }).containerPort = 'ipc';
    expect(() => validateK8sObject(sts)).toThrow(/containerPort/);
  });

  it('labels every object and the pod with name, instance and part-of, and selects the pod by them', () => {
    const { manifests } = k8sManifests([containerInstance('nso1', { project: 'my.lab' })]);
    const wanted = {
      'app.kubernetes.io/name': 'nso',
      'app.kubernetes.io/instance': 'nso1',
      'app.kubernetes.io/part-of': 'my.lab',
    };
    for (const m of manifests) expect(m.metadata.labels).toMatchObject(wanted);
    const sts = find(manifests, 'StatefulSet', 'nso1');
    expect(sts.spec.selector.matchLabels).toEqual(wanted);
    expect(sts.spec.template.metadata.labels).toMatchObject(wanted);
    expect(find(manifests, 'Service', 'nso1').spec.selector).toEqual(wanted);
  });

  it('puts the exact secret in the Secret and mounts it read-only, mode 0400, at its container path', () => {
    const instance = containerInstance('nso1');
    const { manifests } = k8sManifests([instance]);
    const secret = find(manifests, 'Secret', 'nso1-ipc-secret') as SecretManifest;
    expect(Buffer.from(secret.data['ipc-access']!, 'base64').toString('utf8')).toBe(instance.secret.text);
    const sts = find(manifests, 'StatefulSet', 'nso1');
    const volume = sts.spec.template.spec.volumes.find((v) => 'secret' in v);
    expect(volume).toMatchObject({ secret: { secretName: 'nso1-ipc-secret', defaultMode: 0o400 } });
    const mount = nsoContainer(sts).volumeMounts!.find((m) => m.name === volume!.name);
    expect(mount).toEqual({
      name: volume!.name,
      mountPath: '/run/secrets/ipc-access',
      subPath: 'ipc-access',
      readOnly: true,
    });
    expect(nsoContainer(sts).env).toContainEqual({
      name: 'NCS_IPC_ACCESS_FILE',
      value: '/run/secrets/ipc-access',
    });
  });

  it('mounts ncs.conf from the ConfigMap at the path the image reads', () => {
    const instance = containerInstance('nso1');
    const { manifests } = k8sManifests([instance]);
    expect(find(manifests, 'ConfigMap', 'nso1-ncs-conf').data).toEqual({ 'ncs.conf': instance.ncsConf });
    const mount = nsoContainer(find(manifests, 'StatefulSet', 'nso1')).volumeMounts!.find(
      (m) => m.mountPath === CONTAINER_PATHS.ncsConf,
    );
    expect(mount).toMatchObject({ subPath: 'ncs.conf', readOnly: true });
  });

  it("probes readiness (and startup) with the image's health check, with room for its 2 s wait", () => {
    const nso = nsoContainer(find(k8sManifests(two()).manifests, 'StatefulSet', 'nso1'));
    for (const probe of [nso.readinessProbe!, nso.startupProbe!]) {
      expect(probe.exec.command).toEqual([...HEALTH_COMMAND]);
      expect(probe.timeoutSeconds).toBeGreaterThan(2);
    }
    expect(nso.startupProbe!.periodSeconds * nso.startupProbe!.failureThreshold).toBeGreaterThanOrEqual(300);
  });

  it('keeps /nso/run on a ReadWriteOnce claim of 1Gi (or the size asked) and /log in an emptyDir', () => {
    const sts = find(k8sManifests(two()).manifests, 'StatefulSet', 'nso1');
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.volumeClaimTemplates).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'run' }),
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      }),
    ]);
    const mounts = nsoContainer(sts).volumeMounts!;
    expect(mounts).toContainEqual({ name: 'run', mountPath: '/nso/run' });
    expect(mounts).toContainEqual({ name: 'log', mountPath: '/log' });
    expect(sts.spec.template.spec.volumes).toContainEqual({ name: 'log', emptyDir: {} });
    const sized = find(k8sManifests(two(), { runVolumeSize: '5Gi' }).manifests, 'StatefulSet', 'nso1');
    expect(sized.spec.volumeClaimTemplates[0]!.spec.resources.requests.storage).toBe('5Gi');
    expect(thrown(() => k8sManifests(two(), { runVolumeSize: 'lots' }))).toMatchObject({ code: 'USAGE' });
  });

  it('names ports by listener, with SNMP as UDP in the pod and both Services', () => {
    const { manifests } = k8sManifests(two());
    const ports = nsoContainer(find(manifests, 'StatefulSet', 'nso1')).ports;
    expect(ports).toEqual([
      { name: 'ipc', containerPort: 4569, protocol: 'TCP' },
      { name: 'netconf-ssh', containerPort: 2022, protocol: 'TCP' },
      { name: 'cli-ssh', containerPort: 2024, protocol: 'TCP' },
      { name: 'snmp', containerPort: 4000, protocol: 'UDP' },
    ]);
    for (const name of ['nso1', 'nso1-headless']) {
      const service = find(manifests, 'Service', name) as ServiceManifest;
      expect(service.spec.ports).toContainEqual({
        name: 'snmp',
        protocol: 'UDP',
        port: 4000,
        targetPort: 'snmp',
      });
    }
    expect(find(manifests, 'Service', 'nso1-headless').spec).toMatchObject({
      clusterIP: 'None',
      publishNotReadyAddresses: true,
    });
    // The ClusterIP Service forwards to a Ready pod only: what dependents' init containers rely on.
    expect(find(manifests, 'Service', 'nso1').spec).not.toHaveProperty('publishNotReadyAddresses');
    expect(find(manifests, 'Service', 'nso1').spec.clusterIP).toBeUndefined();
    expect(find(manifests, 'StatefulSet', 'nso1').spec.serviceName).toBe('nso1-headless');
  });

  it('names extra-listen ports from their id', () => {
    const ports = [
      ...standardPorts(21000),
      {
        key: 'cliSsh.extraListen.1',
        protocol: 'tcp' as const,
        containerPort: 21020,
        hostPort: 21020,
        hostAddress: '127.0.0.1',
      },
    ];
    const sts = find(k8sManifests([containerInstance('nso1', { ports })]).manifests, 'StatefulSet', 'nso1');
    expect(nsoContainer(sts).ports!.at(-1)).toEqual({
      name: 'cli-ssh-x1',
      containerPort: 21020,
      protocol: 'TCP',
    });
    expect(() => validateK8sObject(sts)).not.toThrow();
  });

  it('sets the namespace on every object when given, and none otherwise; refuses an invalid one', () => {
    for (const m of k8sManifests(two(), { namespace: 'nso-lab' }).manifests)
      expect(m.metadata.namespace).toBe('nso-lab');
    for (const m of k8sManifests(two()).manifests) expect(m.metadata).not.toHaveProperty('namespace');
    const error = thrown(() => k8sManifests(two(), { namespace: 'Lab_1' }));
    expect(error).toBeInstanceOf(NsoMultiError);
    expect(error).toMatchObject({ code: 'USAGE', message: expect.stringContaining('Lab_1') });
  });

  it('maps instance names Kubernetes refuses to valid names, keeping the original in an annotation', () => {
    const { manifests } = k8sManifests([containerInstance('Core_Node-1'), containerInstance('2nd')]);
    const sts = find(manifests, 'StatefulSet', 'core-node-1');
    expect(sts.metadata.labels['app.kubernetes.io/instance']).toBe('Core_Node-1');
    expect(sts.metadata.annotations).toEqual({ 'nso-multi/instance': 'Core_Node-1' });
    expect(find(manifests, 'Service', 'nso-2nd')).toBeDefined();
    for (const m of manifests) expect(() => validateK8sObject(m)).not.toThrow();
  });

  it('cuts long names with a hash, so two long names stay apart', () => {
    const long = 'a'.repeat(60);
    const { manifests } = k8sManifests([containerInstance(`${long}1`), containerInstance(`${long}2`)]);
    const names = manifests.filter((m) => m.kind === 'StatefulSet').map((m) => m.metadata.name);
    expect(new Set(names).size).toBe(2);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(52);
    for (const m of manifests) expect(() => validateK8sObject(m)).not.toThrow();
  });

  it('refuses two instances that map to the same name, naming both', () => {
    const error = thrown(() => k8sManifests([containerInstance('core_1'), containerInstance('Core-1')]));
    expect(error).toMatchObject({ code: 'SPEC_INVALID' });
    expect((error as Error).message).toContain('"core_1" and "Core-1"');
    expect((error as Error).message).toContain('core-1');
  });

  it('holds a dependent back with an init container that waits for its dependency’s Service', () => {
    const { manifests } = k8sManifests(two());
    expect(find(manifests, 'StatefulSet', 'nso1').spec.template.spec.initContainers).toBeUndefined();
    const init = find(manifests, 'StatefulSet', 'nso2').spec.template.spec.initContainers!;
    expect(init).toHaveLength(1);
    expect(init[0]).toMatchObject({ image: 'cisco-nso-prod:6.4.1' });
    expect(init[0]!.env).toContainEqual({ name: 'NSO_MULTI_WAIT_FOR', value: 'nso1:4569' });
    const unknown = [containerInstance('nso1', { dependsOn: ['ghost'] })];
    expect(thrown(() => k8sManifests(unknown))).toMatchObject({ code: 'SPEC_INVALID' });
  });

  it('rolls the pod when ncs.conf or the secret changes', () => {
    const digest = (ncsConf: string) =>
      find(k8sManifests([containerInstance('nso1', { ncsConf })]).manifests, 'StatefulSet', 'nso1').spec
        .template.metadata.annotations?.['nso-multi/config-sha256'];
    expect(digest('<a/>')).toMatch(/^[0-9a-f]{64}$/);
    expect(digest('<a/>')).toBe(digest('<a/>'));
    expect(digest('<a/>')).not.toBe(digest('<b/>'));
  });

  it('writes one multi-document YAML that reads back as the same objects, with port-forward commands', () => {
    const result = k8sManifests(two(), { namespace: 'lab' });
    const docs = parseAllDocuments(result.yaml);
    expect(Array.isArray(docs)).toBe(true);
    const objects = (docs as { errors: unknown[]; toJS(): unknown }[]).map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS();
    });
    expect(objects).toEqual(result.manifests);
    // Plain objects repeated as text, not YAML anchors that some tools read badly.
    expect(result.yaml).not.toMatch(/[&*]a\d/);
    expect(result.yaml).toContain(
      '#   kubectl -n lab port-forward --address 127.0.0.1 svc/nso1 21000:4569 21001:2022 21003:2024',
    );
    expect(result.yaml).toContain('(nso1 snmp: UDP, not forwarded by kubectl)');
    expect(result.portForwards.map((f) => f.instance)).toEqual(['nso1', 'nso2']);
  });

  describe('HA Raft', () => {
    // Three nodes of cluster `lab`, named as export k8s names them (pod DNS names under the headless Services).
    const nodes = () =>
      ['n1', 'n2', 'n3'].map((name) =>
        containerInstance(name, {
          haRaft: {
            instance: name,
            cluster: 'lab',
            host: podHost(name),
            nodeAddress: `ncsd_${name}@${podHost(name)}`,
            tls: { caCert: 'CA\n', cert: `cert of ${name}\n`, key: `key of ${name}\n` },
          },
        }),
      );
    const decode = (secret: SecretManifest, key: string) =>
      Buffer.from(secret.data[key] ?? '', 'base64').toString('utf8');

    it("names each pod by its StatefulSet's first pod under its headless Service", () => {
      expect(podHost('n1')).toBe('n1-0.n1-headless');
      const { manifests } = k8sManifests(nodes());
      expect(find(manifests, 'StatefulSet', 'n1').spec.serviceName).toBe('n1-headless');
      expect(find(manifests, 'Service', 'n1-headless').spec.publishNotReadyAddresses).toBe(true);
    });

    it("puts each node's TLS files in its Secret and mounts them read-only where ncs.conf names them", () => {
      const { manifests } = k8sManifests(nodes());
      const secret = find(manifests, 'Secret', 'n2-ipc-secret');
      expect(decode(secret, 'ha-raft-node.key')).toBe('key of n2\n');
      expect(decode(secret, 'ha-raft-node.crt')).toBe('cert of n2\n');
      expect(decode(secret, 'ha-raft-ca.crt')).toBe('CA\n');
      const sts = find(manifests, 'StatefulSet', 'n2');
      expect(nsoContainer(sts).volumeMounts).toContainEqual({
        name: 'ha-raft-tls',
        mountPath: '/run/secrets/ha-raft',
        readOnly: true,
      });
      expect(sts.spec.template.spec.volumes).toContainEqual({
        name: 'ha-raft-tls',
        secret: {
          secretName: 'n2-ipc-secret',
          defaultMode: 0o400,
          items: [
            { key: 'ha-raft-ca.crt', path: 'ca.crt' },
            { key: 'ha-raft-node.crt', path: 'node.crt' },
            { key: 'ha-raft-node.key', path: 'node.key' },
          ],
        },
      });
      // A new certificate rolls the pod, as a new ncs.conf does.
      const other = nodes();
      other[1]!.haRaft!.tls.cert = 'renewed\n';
      const digest = (list: K8sManifest[]) =>
        find(list, 'StatefulSet', 'n2').spec.template.metadata.annotations?.['nso-multi/config-sha256'];
      expect(digest(k8sManifests(other).manifests)).not.toBe(digest(manifests));
    });

    it('forms each cluster with a Job that waits for every node and runs the form script on the first', () => {
      const { manifests, yaml } = k8sManifests(nodes(), { namespace: 'lab' });
      expect(manifests.slice(-2).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
        'ConfigMap/lab-ha-raft-form',
        'Job/lab-ha-raft-form',
      ]);
      for (const manifest of manifests) expect(() => validateK8sObject(manifest)).not.toThrow();
      const script = find(manifests, 'ConfigMap', 'lab-ha-raft-form').data['ha-raft-form.sh'];
      expect(script).toBe(haRaftFormScript('lab', ['ncsd_n2@n2-0.n2-headless', 'ncsd_n3@n3-0.n3-headless']));
      const job = find(manifests, 'Job', 'lab-ha-raft-form');
      const pod = job.spec.template.spec;
      expect(pod.initContainers?.[0]?.env).toContainEqual({
        name: 'NSO_MULTI_WAIT_FOR',
        value: 'n1:4569 n2:4569 n3:4569',
      });
      const form = pod.containers[0]!;
      expect(form.command).toEqual(['sh', '/nso-multi/ha-raft-form.sh', 'form']);
      expect(form.env).toEqual([
        { name: 'NCS_IPC_ADDR', value: 'n1' },
        { name: 'NCS_IPC_PORT', value: '4569' },
        { name: 'NCS_IPC_ACCESS_FILE', value: '/run/secrets/ipc-access' },
      ]);
      expect(pod.volumes).toContainEqual({
        name: 'ipc-secret',
        secret: {
          secretName: 'n1-ipc-secret',
          defaultMode: 0o400,
          items: [{ key: 'ipc-access', path: 'ipc-access' }],
        },
      });
      // The Job's pod is none of the StatefulSets' pods.
      const selector = find(manifests, 'StatefulSet', 'n1').spec.selector.matchLabels;
      expect(job.spec.template.metadata.labels['app.kubernetes.io/name']).not.toBe(
        selector['app.kubernetes.io/name'],
      );
      expect(job.metadata.namespace).toBe('lab');
      expect(yaml).toContain(
        '#   kubectl -n lab wait --for=condition=complete job/lab-ha-raft-form --timeout=15m',
      );
    });

    it('refuses a cluster whose form objects an instance already names', () => {
      const clash = [...nodes(), containerInstance('lab-ha-raft-form')];
      const error = thrown(() => k8sManifests(clash));
      expect(error).toBeInstanceOf(NsoMultiError);
      expect((error as NsoMultiError).message).toContain('its form Job would be named lab-ha-raft-form');
    });
  });
});
