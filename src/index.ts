// nso-multi's library API: the operations (functions that take options and return data), startCluster for test
// suites, loadSpec, the error type and the result types. The export helpers are under `nso-multi/export`, the
// vitest helpers under `nso-multi/vitest`.

export type { ErrorCode, SpecProblem } from './errors.js';
export { formatProblem, isNsoMultiError, NsoMultiError } from './errors.js';
export type { ExportComposeOptions, ExportComposeResult } from './export/export-compose.js';
export { exportCompose } from './export/export-compose.js';
export type { ExportK8sOptions, ExportK8sResult } from './export/export-k8s.js';
export { exportK8s } from './export/export-k8s.js';
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
  Plan,
  PortLayout,
  PortMove,
  Ports,
  Spec,
  SshHostKeys,
} from './model.js';
export { instanceProcessEnv } from './ncs/instance-process-env.js';
export type { Notice } from './notice.js';
export type { ListenerKey } from './nso/listeners.js';
export type { PackageOperStatus, PackageStatus } from './nso/package-status.js';
export type { AdditionalListenerStatus } from './project/additional-listener-status.js';
export type { PackageBuild } from './project/build-packages.js';
export type { DoctorOptions } from './project/doctor/doctor.js';
export { doctor } from './project/doctor/doctor.js';
export type { CheckStatus, DoctorCheck, DoctorReport } from './project/doctor/doctor-report.js';
export type { DownOptions, DownResult } from './project/down.js';
export { down } from './project/down.js';
export type { GcOptions, GcResult } from './project/gc.js';
export { gc } from './project/gc.js';
export type { InstanceEnvOptions, InstanceEnvResult } from './project/instance-env.js';
export { readInstanceEnv } from './project/instance-env.js';
export type { LogSource, LogsOptions } from './project/logs.js';
export { logs } from './project/logs.js';
export type { PlanDocument } from './project/plan-document.js';
export { planDocument } from './project/plan-document.js';
export type { PlanOptions, PlanResult } from './project/prepare-plan.js';
export { plan } from './project/prepare-plan.js';
export type { ReloadOptions, ReloadResult } from './project/reload.js';
export { reload } from './project/reload.js';
export type { ReloadEvent, ReloadOutcome } from './project/reload-outcome.js';
export type { RenderResult } from './project/render.js';
export { render } from './project/render.js';
export type { InstanceStatus, StatusDocument, StatusOptions } from './project/status.js';
export { status } from './project/status.js';
export type { UpOptions, UpResult } from './project/up.js';
export { up } from './project/up.js';
export type { InstanceOutcome, UpEvent } from './project/up-events.js';
export type { LoadedSpec } from './spec/load-spec.js';
export { loadSpec } from './spec/load-spec.js';
export type { ClusterInstance } from './testing/cluster-instance.js';
export type {
  ClusterReloadOptions,
  ReuseOptions,
  StartClusterOptions,
  StartedCluster,
} from './testing/start-cluster.js';
export { startCluster, stopCluster } from './testing/start-cluster.js';
