// Inputs for renderNcsConf tests: the template's own placeholders, and a typical instance.
import type { NcsConfInput } from '../../src/render/ncs-conf.js';

/** The values the bundled template already holds: rendering with these changes nothing. */
export function placeholderInput(): NcsConfInput {
  return {
    ipc: { address: '127.0.0.1', port: 4569 },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as NSO and shells see it
    accessCheck: { enabled: false, filename: '${NCS_DIR}/etc/ncs/ipc_access' },
    netconfSsh: { enabled: true, address: '127.0.0.1', port: 2022 },
    netconfTcp: { enabled: false, address: '127.0.0.1', port: null },
    cliSsh: { enabled: true, address: '127.0.0.1', port: 2024 },
    localIpc: 'omit',
  };
}

/** A typical instance: every listener on, ports from nso-multi's range, the access check on. */
export function instanceInput(overrides: Partial<NcsConfInput> = {}): NcsConfInput {
  return {
    ipc: { address: '127.0.0.1', port: 20010 },
    accessCheck: { enabled: true, filename: '/work/run/one/ipc-secret' },
    netconfSsh: { enabled: true, address: '127.0.0.1', port: 20011 },
    netconfTcp: { enabled: true, address: '127.0.0.1', port: 20012 },
    cliSsh: { enabled: true, address: '::1', port: 20013 },
    localIpc: 'omit',
    ...overrides,
  };
}
