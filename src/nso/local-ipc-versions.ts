// Which NSO versions know /ncs-config/ncs-local-ipc, and so need it switched off (or on) explicitly.

const FIRST_WITH_LOCAL_IPC = { major: 6, minor: 4 };

/** What render does with ncs-local-ipc: switch it off, leave it out, or switch it on at a socket path. */
export type LocalIpcSetting = 'disable' | 'omit' | { path: string };

// 'disable' for NSO 6.4 and later (local IPC exists, on by default from 6.7, and every instance would
// share one socket path); 'omit' for older versions, whose schema rejects the element, or an unknown one.
export function localIpcModeFor(version: string): 'disable' | 'omit' {
  return supportsLocalIpc(version) ? 'disable' : 'omit';
}

// True when NSO `version` has local IPC over a Unix socket (6.4 and later); false when older or unparsable.
export function supportsLocalIpc(version: string): boolean {
  const match = /^\s*v?(\d+)\.(\d+)(?!\d)/.exec(version);
  if (match === null) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const { major: wantMajor, minor: wantMinor } = FIRST_WITH_LOCAL_IPC;
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}
