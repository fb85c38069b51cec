// The OS edges of nso-multi: port probing, the ephemeral range, atomic files and batches of them, safe folders,
// IPC secrets, groups, finding a daemon by its command line.

export type { AtomicFs, WriteFileAtomicOptions } from './atomic-file.js';
export { ensureDir, writeFileAtomic } from './atomic-file.js';
export type { PortRange, ReadEphemeralRangeOptions } from './ephemeral-range.js';
export {
  IANA_EPHEMERAL_RANGE,
  LINUX_DEFAULT_EPHEMERAL_RANGE,
  LINUX_EPHEMERAL_RANGE_FILE,
  parseEphemeralRange,
  readEphemeralRange,
} from './ephemeral-range.js';
export type { BatchFs, FileBatch, StageOptions, StageWithOptions } from './file-batch.js';
export { createFileBatch } from './file-batch.js';
export type { DaemonRun, FoundDaemon } from './find-daemon.js';
export { findDaemons } from './find-daemon.js';
export type { GroupEntry } from './groups.js';
export { findGroup, lookupGroup, parseGroupFile, readGroups } from './groups.js';
export type { PortProbe, ProbeResult } from './port-probe.js';
export { classifyBindError, createPortProbe } from './port-probe.js';
export type {
  EnsureSecretFileOptions,
  EnsureSecretFileResult,
  SecretFs,
  StagedSecret,
} from './secret-file.js';
export { ensureSecretFile, stageSecretFile } from './secret-file.js';
