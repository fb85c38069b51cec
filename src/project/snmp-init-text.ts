// The text of an instance's snmp_init.xml: made from the NSO installation's own file when render found one,
// else nso-multi's generated file.
import type { InstancePlan } from '../model.js';
import { GENERATED_INSTEAD, type InstallSnmpInit } from '../ncs/snmp-install-file.js';
import { renderSnmpInit } from '../render/snmp-init.js';
import { deriveSnmpInit } from '../render/snmp-init-derive.js';

/** The file's text (null: SNMP is off, no file) and a warning about the installation's file, if any. */
export interface SnmpInitResult {
  text: string | null;
  /** Names the installation's file; the same for every instance, so callers give it once. */
  warning?: string;
}

// The instance's snmp_init.xml when its SNMP agent is on. With `install` (read once per render at the IO edge)
// the file is that one with the agent switched on at the instance's ip and udp-port; when it has no agent or is not XML, the
// generated file is used and the warning says why.
export function snmpInitText(instance: InstancePlan, install: InstallSnmpInit | null = null): SnmpInitResult {
  const port = instance.ports.snmp;
  if (port === null) return { text: null };
  const address = instance.spec.snmp?.address ?? '127.0.0.1';
  const generated = () => renderSnmpInit({ address, port, instance: instance.name });
  if (install === null) return { text: generated() };
  const derived = deriveSnmpInit(install.text, { address, port }, install.file);
  if (!derived.derived) return { text: generated(), warning: `${derived.reason}; ${GENERATED_INSTEAD}` };
  return { text: derived.text };
}
