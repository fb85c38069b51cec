// Checks a plan's Unix-socket IPC against what the spec rules could not know: a version detected from `ncs`
// and a workdir overridden on the command line.

import { join } from 'node:path';
import { NsoMultiError } from '../errors.js';
import type { Spec } from '../model.js';
import { ipcSocketPath, SOCKET_PATH_FIX, socketPathProblem } from '../nso/ipc-socket.js';
import { supportsLocalIpc } from '../nso/local-ipc-versions.js';

// Throws USAGE (exit 2) for the first instance whose socket the target NSO cannot use or Linux cannot bind;
// runs before ports are allocated, so a refused spec leases nothing.
export function checkLocalIpc(spec: Spec, nsoVersion: string): void {
  for (const instance of spec.instances) {
    const socket = ipcSocketPath(instance.ipc, join(spec.workdir, instance.name));
    if (socket === null) continue;
    if (!supportsLocalIpc(nsoVersion)) {
      throw new NsoMultiError(
        'USAGE',
        `instance ${instance.name}: ipc.transport unix needs NSO 6.4 or later, but the target NSO is ${nsoVersion}`,
        {
          hint: 'set `nso.version` in the spec (or use an ncs of 6.4 or later), or use `ipc.transport: tcp`',
          instance: instance.name,
        },
      );
    }
    const problem = socketPathProblem(socket);
    if (problem !== undefined) {
      throw new NsoMultiError('USAGE', `instance ${instance.name}: ${problem}`, {
        hint: SOCKET_PATH_FIX,
        instance: instance.name,
      });
    }
  }
}
