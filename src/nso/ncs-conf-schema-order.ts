// Child order of the ncs.conf containers nso-multi edits, as tailf-ncs-config.yang (6.2) lists them,
// so elements nso-multi adds land where a reader of the schema expects them.

/** Children of /ncs-config; ncs-local-ipc (6.4+) placed after the other IPC settings. */
/** Child names of a container in schema order; used to put a new element where the schema lists it. */
export type ChildOrder = readonly string[];

export const NCS_CONFIG_ORDER: ChildOrder = [
  'validate-utf8',
  'ncs-ipc-address',
  'ncs-ipc-extra-listen-ip',
  'ncs-ipc-access-check',
  'ncs-local-ipc',
  'enable-shared-memory-schema',
  'shared-memory-schema-path',
  'load-path',
  'enable-compressed-schema',
  'compressed-schema-level',
  'state-dir',
  'commit-retry-timeout',
  'max-validation-errors',
  'transaction-lock-time-violation-alarm',
  'notifications',
  'opcache',
  'hide-group',
  'cdb',
  'compaction',
  'encrypted-strings',
  'crypt-hash',
  'logs',
  'sort-transactions',
  'enable-inactive',
  'enable-origin',
  'session-limits',
  'transaction-limits',
  'parser-limits',
  'aaa',
  'rollback',
  'ssh',
  'cli',
  'restconf',
  'webui',
  'japi',
  'netconf-north-bound',
  'netconf-call-home',
  'southbound-source-address',
  'ha-raft',
  'ha',
  'scripts',
  'java-vm',
  'python-vm',
  'smart-license',
  'disable-schema-uri-for-agents',
];

export const IPC_ADDRESS_ORDER: ChildOrder = ['ip', 'port'];
export const ACCESS_CHECK_ORDER: ChildOrder = ['enabled', 'filename'];
export const LOCAL_IPC_ORDER: ChildOrder = ['enabled', 'path'];

export const NETCONF_ORDER: ChildOrder = [
  'enabled',
  'transport',
  'extended-sessions',
  'idle-timeout',
  'write-timeout',
  'rpc-errors',
  'max-batch-processes',
  'capabilities',
];
export const NETCONF_TRANSPORT_ORDER: ChildOrder = ['ssh-call-home-source-address', 'ssh', 'tcp'];

/** Children of netconf ssh/tcp and cli ssh listeners (the union; each schema list is a subsequence). */
export const LISTENER_ORDER: ChildOrder = [
  'enabled',
  'ip',
  'port',
  'keepalive',
  'use-keyboard-interactive',
  'banner',
  'banner-file',
  'extra-listen',
  'ha-primary-listen',
];

/** The first children of /ncs-config/cli; enough to place `enabled` and `ssh` among the settings after them. */
export const CLI_ORDER: ChildOrder = [
  'enabled',
  'enable-cli-cache',
  'allow-implicit-wildcard',
  'enable-last-login-banner',
  'completion-show-max',
  'style',
  'ssh',
  'top-level-cmds-in-sub-mode',
  'completion-meta-info',
  'allow-abbrev-keys',
  'action-call-no-list-instance',
  'allow-abbrev-enums',
  'allow-case-insensitive-enums',
  'j-align-leaf-values',
  'c-align-leaf-values',
  'c-config-align-leaf-values',
  'enter-submode-on-leaf',
  'table-look-ahead',
  'default-table-behavior',
  'more-buffer-lines',
  'show-all-ns',
  'show-action-completions',
  'action-completions-format',
  'suppress-fast-show',
  'use-expose-ns-prefix',
  'show-defaults',
  'default-prefix',
  'timezone',
  'with-defaults',
  'banner',
  'banner-file',
  'prompt1',
  'prompt2',
  'c-prompt1',
  'c-prompt2',
  'prompt-hostname-delimiter',
  'idle-timeout',
];

/** Children of /ncs-config/webui (customHTTPHeaders is the `custom-headers` container). */
export const WEBUI_ORDER: ChildOrder = [
  'enabled',
  'server-name',
  'match-host-name',
  'cache-refresh-secs',
  'max-ref-entries',
  'docroot',
  'webui-index-url',
  'webui-one-url',
  'login-dir',
  'custom-headers',
  'disable-auth',
  'allow-symlinks',
  'transport',
  'cgi',
  'idle-timeout',
  'absolute-timeout',
  'rate-limiting',
  'audit',
  'use-forwarded-client-ip',
  'package-upload',
  'resources',
];

/** Children of /ncs-config/restconf. */
export const RESTCONF_ORDER: ChildOrder = [
  'enabled',
  'show-hidden',
  'root-resource',
  'schema-server-url',
  'token-response',
  'custom-headers',
  'transport',
  'require-module-name',
];

/** Children of webui/transport and restconf/transport. */
export const WEB_TRANSPORT_ORDER: ChildOrder = ['tcp', 'ssl', 'unauthenticated-message-limit'];

/** Children of the webui and restconf tcp/ssl transports (the union; each schema list is a subsequence). */
export const WEB_LISTENER_ORDER: ChildOrder = [
  'enabled',
  'redirect',
  'ip',
  'port',
  'keepalive',
  'keepalive-timeout',
  'extra-listen',
  'ha-primary-listen',
  'dscp',
  'read-from-db',
  'key-file',
  'cert-file',
  'ca-cert-file',
  'verify',
  'depth',
  'ciphers',
  'protocols',
  'elliptic-curves',
];

export const CALL_HOME_ORDER: ChildOrder = ['enabled', 'transport'];
export const CALL_HOME_TRANSPORT_ORDER: ChildOrder = ['tcp', 'ssh'];
export const CALL_HOME_TCP_ORDER: ChildOrder = ['ip', 'port', 'extra-listen', 'dscp'];

/** Children of /ncs-config/ha (rule-based HA). */
export const HA_ORDER: ChildOrder = ['enabled', 'ip', 'port', 'extra-listen', 'tick-timeout'];
