// nso-multi's library API: everything the CLI does, as functions that take options and return data.
export type { InstanceEnvOptions, InstanceEnvResult } from './api/instance-env.js';
export { readInstanceEnv } from './api/instance-env.js';
export type { Notice } from './api/notice.js';
export type { PlanDocument } from './api/plan-document.js';
export { planDocument } from './api/plan-document.js';
export type { PlanOptions } from './api/prepare-plan.js';
export type { RenderResult } from './api/render.js';
export { plan, render } from './api/render.js';
export type { ErrorCode, SpecProblem } from './errors.js';
export {
  EXIT_OK,
  EXIT_RUNTIME,
  EXIT_USAGE,
  formatProblem,
  isNsoMultiError,
  NsoMultiError,
} from './errors.js';
export { composeFileText } from './export/compose-file.js';
export type { ContainerExport } from './export/container-instances.js';
export { containerInstances } from './export/container-instances.js';
export type { ContainerInstance, ContainerPort } from './export/container-model.js';
export type { ExportComposeOptions, ExportComposeResult } from './export/export-compose.js';
export { exportCompose } from './export/export-compose.js';
export type { ExportK8sOptions, ExportK8sResult } from './export/export-k8s.js';
export { exportK8s } from './export/export-k8s.js';
export type { K8sExport, K8sOptions } from './export/k8s-manifests.js';
export { k8sManifests } from './export/k8s-manifests.js';
export type { K8sManifest } from './export/k8s-types.js';
export type {
  AccessCheckSpec,
  AdditionalListenerId,
  AdditionalListenerPlan,
  AdditionalListenKind,
  AdditionalListenSpec,
  AllocationKey,
  InstancePlan,
  InstanceSpec,
  IpcTransport,
  ListenerKey,
  Plan,
  PortLayout,
  PortMove,
  Ports,
  Spec,
  SshHostKeys,
} from './model.js';
export { LISTENERS, NSO_DEFAULT_PORT_RANGES, NSO_DEFAULT_PORTS } from './model.js';
export type { AdditionalListenerStatus } from './run/additional-listener-status.js';
export type { DoctorOptions } from './run/doctor/doctor.js';
export { doctor } from './run/doctor/doctor.js';
export type { CheckStatus, DoctorCheck, DoctorReport } from './run/doctor/doctor-report.js';
export type { DownOptions, DownResult } from './run/down.js';
export { down } from './run/down.js';
export { execInInstance } from './run/exec-instance.js';
export type { GcOptions, GcResult } from './run/gc.js';
export { gc } from './run/gc.js';
export { instanceProcessEnv } from './run/instance-process-env.js';
export type { InstanceStatus, StatusDocument, StatusOptions } from './run/status.js';
export { status } from './run/status.js';
export type { UpOptions, UpResult } from './run/up.js';
export { up } from './run/up.js';
export type { InstanceOutcome, UpEvent } from './run/up-events.js';
export type { LoadedSpec } from './spec/load-spec.js';
export { loadSpec } from './spec/load-spec.js';
export type { ClusterInstance } from './testing/cluster-instance.js';
export type { StartClusterOptions, StartedCluster } from './testing/start-cluster.js';
export { startCluster, stopCluster } from './testing/start-cluster.js';
