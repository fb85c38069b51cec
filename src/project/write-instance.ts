// Writes one instance's files: run dir with ncs-setup's folders, IPC secret, ncs.conf and env file.
import { lstat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EntrySwaps } from '../host/entry-swaps.js';
import { createFileBatch, type FileBatch } from '../host/file-batch.js';
import { stageSecretFile } from '../host/secret-file.js';
import type { InstancePlan } from '../model.js';
import type { Notice } from '../notice.js';
import { SNMP_DIR_NAME, SNMP_INIT_FILE } from '../nso/snmp.js';

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
  /** `<runDir>/snmp/snmp_init.xml` when the SNMP agent is on; null removes one an earlier render wrote; absent
   * leaves the run dir's snmp/ as it is. */
  snmpInit?: string | null;
}

export interface WriteInstanceOptions {
  /** Refuse a secret file that lets in more than the spec asks, instead of correcting it. */
  strict?: boolean;
  /** Where removals join the batch (render's); without it a stale file is removed once the batch is placed. */
  swaps?: EntrySwaps;
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
  if (files.snmpInit !== undefined) await stageSnmpInit(batch, instance, files.snmpInit, options.swaps);
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

// Writes the instance's snmp_init.xml, or removes the one an earlier render wrote when SNMP is now off.
async function stageSnmpInit(
  batch: FileBatch,
  instance: InstancePlan,
  text: string | null,
  swaps: EntrySwaps | undefined,
): Promise<void> {
  const dir = join(instance.runDir, SNMP_DIR_NAME);
  const file = join(dir, SNMP_INIT_FILE);
  if (text !== null) {
    await batch.ensureDir(dir);
    await batch.stage(file, text, { mode: 0o644 });
    return;
  }
  const stale = await lstat(file).catch(() => undefined);
  if (stale?.isFile() !== true) return;
  if (swaps !== undefined) swaps.remove(file);
  else batch.afterPlacing(() => unlink(file).catch(() => undefined));
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
