// NSO's listeners as nso-multi knows them: every one it allocates a port for, its slot in an instance's
// block, its env variable, and which ones a template switches on. Plain data.

/** Every listener nso-multi allocates a port for, with its fixed offset inside an instance's block (null: no
 * room in a block, so the port comes from the overflow area after the last block). Offset 6 is kept for SNMP. */
export const LISTENERS = [
  { key: 'ipc', offset: 0, label: 'IPC', envVar: 'NCS_IPC_PORT', protocol: 'tcp' },
  {
    key: 'netconfSsh',
    offset: 1,
    label: 'NETCONF SSH',
    envVar: 'NSO_MULTI_NETCONF_SSH_PORT',
    protocol: 'tcp',
  },
  {
    key: 'netconfTcp',
    offset: 2,
    label: 'NETCONF TCP',
    envVar: 'NSO_MULTI_NETCONF_TCP_PORT',
    protocol: 'tcp',
  },
  { key: 'cliSsh', offset: 3, label: 'CLI SSH', envVar: 'NSO_MULTI_CLI_SSH_PORT', protocol: 'tcp' },
  { key: 'webuiTcp', offset: 4, label: 'Web UI TCP', envVar: 'NSO_MULTI_WEBUI_TCP_PORT', protocol: 'tcp' },
  { key: 'webuiSsl', offset: 5, label: 'Web UI SSL', envVar: 'NSO_MULTI_WEBUI_SSL_PORT', protocol: 'tcp' },
  // SNMP's agent port is UDP and comes from snmp_init.xml on the load path, not from ncs.conf.
  { key: 'snmp', offset: 6, label: 'SNMP', envVar: 'NSO_MULTI_SNMP_PORT', protocol: 'udp' },
  {
    key: 'restconfTcp',
    offset: 7,
    label: 'RESTCONF TCP',
    envVar: 'NSO_MULTI_RESTCONF_TCP_PORT',
    protocol: 'tcp',
  },
  {
    key: 'restconfSsl',
    offset: 8,
    label: 'RESTCONF SSL',
    envVar: 'NSO_MULTI_RESTCONF_SSL_PORT',
    protocol: 'tcp',
  },
  { key: 'ha', offset: 9, label: 'HA', envVar: 'NSO_MULTI_HA_PORT', protocol: 'tcp' },
  {
    key: 'callHome',
    offset: null,
    label: 'NETCONF call-home',
    envVar: 'NSO_MULTI_CALL_HOME_PORT',
    protocol: 'tcp',
  },
  // HA Raft's Distributed Erlang listener: rendered as a one-port listen range (6.2-6.6) or a port (6.7+).
  { key: 'haRaft', offset: null, label: 'HA Raft', envVar: 'NSO_MULTI_HA_RAFT_PORT', protocol: 'tcp' },
] as const;

/** The listeners an instance has only when its template (or its spec) enables them. */
export const TEMPLATE_LISTENER_KEYS = [
  'webuiTcp',
  'webuiSsl',
  'restconfTcp',
  'restconfSsl',
  'ha',
  'callHome',
  'haRaft',
] as const;

export type TemplateListenerKey = (typeof TEMPLATE_LISTENER_KEYS)[number];

/** The spec group holding a template listener's switch and its address (`webui: { tcp, ssl, address }`). */
export type TemplateListenerGroup = 'webui' | 'restconf' | 'ha' | 'callHome' | 'haRaft';

/** Where the spec switches each template listener: `<group>.<flag>`; its address is `<group>.address`. */
export const TEMPLATE_LISTENER_SWITCHES: Record<
  TemplateListenerKey,
  { group: TemplateListenerGroup; flag: 'tcp' | 'ssl' | 'enabled' }
> = {
  webuiTcp: { group: 'webui', flag: 'tcp' },
  webuiSsl: { group: 'webui', flag: 'ssl' },
  restconfTcp: { group: 'restconf', flag: 'tcp' },
  restconfSsl: { group: 'restconf', flag: 'ssl' },
  ha: { group: 'ha', flag: 'enabled' },
  callHome: { group: 'callHome', flag: 'enabled' },
  haRaft: { group: 'haRaft', flag: 'enabled' },
};

export type ListenerKey = (typeof LISTENERS)[number]['key'];

export type ListenerProtocol = (typeof LISTENERS)[number]['protocol'];

export const LISTENER_KEYS: readonly ListenerKey[] = LISTENERS.map((l) => l.key);
