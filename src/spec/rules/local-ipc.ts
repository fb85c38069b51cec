// Local IPC over a Unix socket (`ipc.transport: unix`): NSO 6.4 or later, no IPC port, a path Linux can bind.
import { join, resolve } from 'node:path';
import { ipcSocketPath, SOCKET_PATH_FIX, socketPathProblem } from '../../nso/ipc-socket.js';
import { supportsLocalIpc } from '../../nso/local-ipc-versions.js';
import type { InstanceView } from '../instance-views.js';
import type { Rule } from './rule.js';

const TRANSPORT = ['ipc', 'transport'] as const;

function usesSocket(view: InstanceView): boolean {
  return view.settings.ipc.transport === 'unix';
}

// Reports `transport: unix` when the spec's `nso.version` predates local IPC (6.4).
export const socketNeedsNso64: Rule = ({ instances, nsoVersion }) => {
  if (nsoVersion === undefined || supportsLocalIpc(nsoVersion)) return [];
  return instances.filter(usesSocket).map((view) => ({
    path: view.origin([...TRANSPORT]),
    message: `local IPC over a Unix socket needs NSO 6.4 or later, but nso.version is "${nsoVersion}"`,
    fix: 'set `nso.version` to 6.4 or later, or use `transport: tcp`',
  }));
};

// Reports a pinned IPC port on an instance whose IPC goes over a Unix socket: no TCP port is used then.
export const noIpcPortWithSocket: Rule = ({ instances }) =>
  instances
    .filter((view) => usesSocket(view) && view.settings.ports.ipc !== undefined)
    .map((view) => ({
      path: view.origin(['ports', 'ipc']),
      message: 'an IPC port is pinned, but `ipc.transport` is unix: IPC uses a Unix socket, no TCP port',
      fix: 'remove ports.ipc, or set `ipc.transport: tcp`',
    }));

// Reports a socket path longer than a Unix socket address can hold, at `ipc.path` or, for the default path
// under the workdir, at `ipc.transport`.
export const socketPathFits: Rule = ({ instances, folders, specDir }) => {
  const workdir = folders.find((folder) => folder.key === 'workdir')?.path;
  return instances.filter(usesSocket).flatMap((view) => {
    const { name, ipc } = view.settings;
    if (ipc.path === undefined && workdir === undefined) return [];
    if (ipc.path !== undefined && specDir === undefined) return [];
    const given = ipc.path === undefined ? {} : { path: resolve(specDir ?? '/', ipc.path) };
    const path = ipcSocketPath({ transport: 'unix', ...given }, join(workdir ?? '/', name));
    const problem = path === null ? undefined : socketPathProblem(path);
    if (problem === undefined) return [];
    const where = ipc.path === undefined ? view.origin([...TRANSPORT]) : view.origin(['ipc', 'path']);
    return [{ path: where, message: problem, fix: SOCKET_PATH_FIX }];
  });
};
