// `export k8s`: renders, then writes the project's Kubernetes manifests as one multi-document YAML file, all or
// nothing. The file holds the IPC secrets, so only its owner may read it.
import { join, resolve } from 'node:path';
import { createFileBatch } from '../host/file-batch.js';
import type { Plan } from '../model.js';
import type { Notice } from '../notice.js';
import { loadPlanSpec } from '../project/prepare-plan.js';
import type { RenderOptions } from '../project/render.js';
import type { ContainerTarget } from './container-ha-raft.js';
import { containerInstances } from './container-instances.js';
import { checkK8sOptions, type K8sOptions, k8sManifests } from './k8s-manifests.js';
import { instanceNames, podHost } from './k8s-names.js';
import type { PortForward } from './k8s-port-forward.js';
import type { K8sManifest } from './k8s-types.js';

export const K8S_FILE_NAME = 'nso-multi.k8s.yaml';
const K8S_FILE_MODE = 0o600;

/** Kubernetes as an export target: HA Raft nodes are named by their pod's DNS name in the namespace. */
export const K8S_TARGET: ContainerTarget = { name: 'k8s', hostOf: podHost };

export interface ExportK8sOptions extends RenderOptions, K8sOptions {
  /** The folder to write into, relative to `cwd`; default `<workdir>/export/k8s`. */
  out?: string;
}

export interface ExportK8sResult {
  plan: Plan;
  /** The folder written and the manifest file in it, absolute. */
  outDir: string;
  file: string;
  /** What the file holds (the Secrets with their data). */
  manifests: K8sManifest[];
  portForwards: PortForward[];
  notices: Notice[];
}

// Writes the Kubernetes manifests of the spec; with the port-forward commands, the env files render wrote
// work against the cluster unchanged.
export async function exportK8s(options: ExportK8sOptions = {}): Promise<ExportK8sResult> {
  const cwd = options.cwd ?? process.cwd();
  // What Kubernetes would refuse is refused before render writes anything.
  checkK8sOptions(options);
  const spec = options.spec ?? (await loadPlanSpec({ ...options, cwd }));
  instanceNames(spec.instances.map((instance) => instance.name));
  const { plan, instances, notices } = await containerInstances({ ...options, cwd, spec }, K8S_TARGET);
  const built = k8sManifests(instances, {
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    ...(options.runVolumeSize === undefined ? {} : { runVolumeSize: options.runVolumeSize }),
  });
  const outDir = options.out === undefined ? join(plan.workdir, 'export', 'k8s') : resolve(cwd, options.out);
  const file = join(outDir, K8S_FILE_NAME);
  const batch = createFileBatch();
  try {
    await batch.ensureDir(outDir);
    await batch.stage(file, built.yaml, { mode: K8S_FILE_MODE });
    await batch.commit();
  } finally {
    await batch.abort();
  }
  return { plan, outDir, file, manifests: built.manifests, portForwards: built.portForwards, notices };
}
