// Pure rendering: ncs.conf from a template, env files and `env` output. No file or network access.
export { dotenvCanCarry, dotenvQuote } from './dotenv-quote.js';
export type { EnvFormat } from './env-file.js';
export { formatEnv, renderEnvFile } from './env-file.js';
export { type HaRaftListenForm, haRaftListenForm } from './ha-raft-address.js';
export type { HaRaftInput, HaRaftSeed } from './ha-raft-listen.js';
export type { LocalIpcSetting } from './local-ipc-mode.js';
export { localIpcModeFor, supportsLocalIpc } from './local-ipc-mode.js';
export type { ListenerInput, NcsConfInput } from './ncs-conf.js';
export { NCS_CONFIG_NS, renderNcsConf } from './ncs-conf.js';
export type { ExtraListenerInput } from './ncs-conf-extras.js';
export { shellQuote } from './shell-quote.js';
export { type ExtraListenerFlags, templateListeners } from './template-listeners.js';
