// Which NSO versions know /ncs-config/ncs-local-ipc, and so need it switched off explicitly.

const FIRST_WITH_LOCAL_IPC = { major: 6, minor: 4 };

// 'disable' for NSO 6.4 and later (local IPC exists, on by default from 6.7, and every instance would
// share one socket path); 'omit' for older versions, whose schema rejects the element, or an unknown one.
export function localIpcModeFor(version: string): 'disable' | 'omit' {
  const match = /^\s*v?(\d+)\.(\d+)(?!\d)/.exec(version);
  if (match === null) return 'omit';
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const { major: wantMajor, minor: wantMinor } = FIRST_WITH_LOCAL_IPC;
  return major > wantMajor || (major === wantMajor && minor >= wantMinor) ? 'disable' : 'omit';
}
