// The environment variables that NSO's clients read besides the ones an env file sets, and that would send
// them elsewhere or make them fail: an env file and `exec` unset them so the instance's own settings win.
// Found in NSO 6.2.5's sources and binaries, and measured against a running daemon:
// - CONFD_IPC_ACCESS_FILE is read before NCS_IPC_ACCESS_FILE by libconfd (ncs_cmd, ncs_load, the C and
//   Python APIs), ncs_cli and the Java API: a stray one fails them with "Access denied".
// - CONFD_IPC_EXTADDR makes `ncs --status/--stop/...` (the Erlang control commands) use external IPC instead
//   of NCS_IPC_ADDR; NCS_IPC_EXTADDR does the same to ncs_cli ("NCS_IPC_EXTSOPATH must be set"), and to
//   ncs_cmd and ncs_load when NCS_IPC_ADDR is unset (local IPC); the *_EXTSOPATH variables go with them.
// - CONFD_IPC_ADDR/CONFD_IPC_PORT are ConfD's names for the address and port (NSO's control commands know
//   them too). With the NCS_ names set, NSO 6.2.5 ignores them; they go anyway, since they only ever name
//   another daemon here (ncs-netsim sets them itself for its devices' tools).
export const STRAY_IPC_VARS: readonly string[] = [
  'CONFD_IPC_ACCESS_FILE',
  'CONFD_IPC_ADDR',
  'CONFD_IPC_PORT',
  'CONFD_IPC_EXTADDR',
  'CONFD_IPC_EXTSOPATH',
  'NCS_IPC_EXTADDR',
  'NCS_IPC_EXTSOPATH',
];
