// Where an NSO instance writes each of its logs, as its ncs.conf names them (/ncs-config/logs, java-vm,
// python-vm), with NSO's own defaults where the file names none. Pure: knowledge of the places only.

/** The logs `nso-multi logs --file` offers. */
export const LOG_KINDS = ['ncs', 'devel', 'audit', 'netconf', 'raft', 'java', 'python', 'error'] as const;
export type LogKind = (typeof LOG_KINDS)[number];

/** Where a log's file name is in ncs.conf: the elements down to the leaf's parent, the leaf, and the name the
 * bundled template (like ncs-setup's) gives it, relative to the run dir. */
export interface LogPlace {
  path: readonly string[];
  leaf: string;
  fallback: string;
  /** The leaf holds a prefix the file name adds `.log` to (the Python VM's main log). */
  suffix?: string;
  /** NSO writes it in its own binary format, which `ncs --printlog` decodes (the error log). */
  binary?: boolean;
}

export const LOG_PLACES: Readonly<Record<LogKind, LogPlace>> = {
  ncs: { path: ['logs', 'ncs-log', 'file'], leaf: 'name', fallback: './logs/ncs.log' },
  devel: { path: ['logs', 'developer-log', 'file'], leaf: 'name', fallback: './logs/devel.log' },
  audit: { path: ['logs', 'audit-log', 'file'], leaf: 'name', fallback: './logs/audit.log' },
  netconf: { path: ['logs', 'netconf-log', 'file'], leaf: 'name', fallback: './logs/netconf.log' },
  raft: { path: ['logs', 'raft-log', 'file'], leaf: 'name', fallback: './logs/raft.log' },
  java: { path: ['java-vm', 'stdout-capture'], leaf: 'file', fallback: './logs/ncs-java-vm.log' },
  python: {
    path: ['python-vm', 'logging'],
    leaf: 'log-file-prefix',
    fallback: './logs/ncs-python-vm',
    suffix: '.log',
  },
  error: { path: ['logs', 'error-log'], leaf: 'filename', fallback: './logs/ncserr.log', binary: true },
};
