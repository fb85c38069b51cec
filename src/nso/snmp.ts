// Where NSO's SNMP agent finds its settings, and the namespaces it reads them in. Plain data.

/** The file NSO looks for in each load-path dir, and the run-dir folder nso-multi writes it to. */
export const SNMP_INIT_FILE = 'snmp_init.xml';
export const SNMP_DIR_NAME = 'snmp';

/** Root namespace of CDB init files: NSO also accepts snmp_init.xml with `<snmp>` wrapped in a `<config>` of it. */
export const CDB_CONFIG_NS = 'http://tail-f.com/ns/config/1.0';

/** Namespace of NSO's `/snmp` settings (`snmp agent enabled|ip|udp-port` in the CLI), as NSO's own
 * etc/ncs/snmp/snmp_init.xml writes it. Measured (6.2.5): an `<snmp>` in another namespace makes NSO log
 * `unknown namespace` and start without an agent. */
export const SNMP_AGENT_NS = 'http://tailf.com/ns/snmp';
