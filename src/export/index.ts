// `nso-multi/export`: the pieces `export compose` and `export k8s` are made of, for tools that build their own
// files from a project: the container view of every instance, the compose file's text, the Kubernetes objects.
export { composeFileText } from './compose-file.js';
export type { ContainerHaRaftNode, ContainerTarget } from './container-ha-raft.js';
export type { ContainerExport } from './container-instances.js';
export { containerInstances } from './container-instances.js';
export type { ContainerInstance, ContainerPort, HaRaftTlsTexts } from './container-model.js';
export type { ExportComposeOptions, ExportComposeResult } from './export-compose.js';
export { exportCompose } from './export-compose.js';
export type { ExportK8sOptions, ExportK8sResult } from './export-k8s.js';
export { exportK8s } from './export-k8s.js';
export type { K8sExport, K8sOptions } from './k8s-manifests.js';
export { k8sManifests } from './k8s-manifests.js';
export type { K8sManifest } from './k8s-types.js';
