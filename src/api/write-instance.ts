// Writes one instance's files: run dir with ncs-setup's folders, IPC secret, ncs.conf and env file.
import { dirname, join } from 'node:path';
import { createFileBatch, type FileBatch } from '../host/file-batch.js';
import { stageSecretFile } from '../host/secret-file.js';
import type { InstancePlan } from '../model.js';
import type { Notice } from './notice.js';

/** The folders `ncs-setup --dest` creates, which NSO expects in its working directory. */
export const RUN_DIR_FOLDERS = [
  'ncs-cdb',
  'logs',
  'state',
  'packages',
  'scripts/command',
  'scripts/post-commit',
];

export interface InstanceFiles {
  ncsConf: string;
  envFile: string;
}

export interface WriteInstanceOptions {
  /** Refuse a secret file that lets in more than the spec asks, instead of correcting it. */
  strict?: boolean;
}

// Stages an instance's files in `batch` (folders are made now, files land on commit). The run dir and the
// files must not be symlinks; the env file's folder may be one (it is often the project folder itself).
// Resolves with the notices to show once the batch is committed: each correction of the secret's access.
export async function stageInstance(
  batch: FileBatch,
  instance: InstancePlan,
  files: InstanceFiles,
  options: WriteInstanceOptions = {},
): Promise<() => Notice[]> {
  await batch.ensureDir(instance.runDir);
  for (const folder of RUN_DIR_FOLDERS) await batch.ensureDir(join(instance.runDir, folder));
  let secret: { created: boolean; corrected: string[] } = { created: false, corrected: [] };
  if (instance.secretFile !== null) {
    const { mode, group } = instance.spec.ipc.accessCheck;
    secret = await stageSecretFile(batch, instance.secretFile, {
      mode,
      ...(group === undefined ? {} : { group }),
      ...(options.strict ? { strict: true } : {}),
    });
  }
  await batch.stage(instance.ncsConf, files.ncsConf, { mode: 0o644 });
  await batch.ensureDir(dirname(instance.envFile), { followSymlink: true });
  await batch.stage(instance.envFile, files.envFile, { mode: 0o644 });
  return () =>
    secret.corrected.map((what) => ({
      level: 'warning',
      instance: instance.name,
      message: secret.created
        ? `${instance.secretFile}: ${what}`
        : `${instance.secretFile}: corrected ${what}`,
    }));
}

// Creates or updates one instance's files as a set: all replaced, or (on an error) none.
export async function writeInstance(
  instance: InstancePlan,
  files: InstanceFiles,
  options: WriteInstanceOptions = {},
): Promise<Notice[]> {
  const batch = createFileBatch();
  try {
    const notices = await stageInstance(batch, instance, files, options);
    await batch.commit();
    return notices();
  } finally {
    await batch.abort();
  }
}
