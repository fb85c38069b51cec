// Writes one instance's files: run dir with ncs-setup's folders, IPC secret, ncs.conf and env file.
import { join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../host/atomic-file.js';
import { ensureSecretFile } from '../host/secret-file.js';
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

// Creates or updates an instance's files; each file is replaced atomically, the secret is kept if present.
export async function writeInstance(instance: InstancePlan, files: InstanceFiles): Promise<Notice[]> {
  const notices: Notice[] = [];
  await ensureDir(instance.runDir);
  for (const folder of RUN_DIR_FOLDERS) await ensureDir(join(instance.runDir, folder));
  if (instance.secretFile !== null) {
    const { mode, group } = instance.spec.ipc.accessCheck;
    const { corrected } = await ensureSecretFile(instance.secretFile, { mode, group });
    for (const what of corrected) {
      notices.push({ level: 'warning', instance: instance.name, message: `${instance.secretFile}: ${what}` });
    }
  }
  await writeFileAtomic(instance.ncsConf, files.ncsConf, { mode: 0o644 });
  await ensureDir(join(instance.envFile, '..'));
  await writeFileAtomic(instance.envFile, files.envFile, { mode: 0o644 });
  return notices;
}
