// Where an instance with private SSH host keys keeps them.
import { join } from 'node:path';
import type { InstanceSpec } from '../model.js';

/** The folder in the run dir, as `ncs-setup --generate-ssh-keys` names it. */
export const SSH_KEY_DIR_NAME = 'ssh';

// The absolute folder of an instance's private host keys; null when it uses NSO's shared ones.
export function sshKeyDir(instance: Pick<InstanceSpec, 'ssh'>, runDir: string): string | null {
  return instance.ssh?.hostKeys === 'private' ? join(runDir, SSH_KEY_DIR_NAME) : null;
}
