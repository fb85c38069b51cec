// Settles a template's extra-listen / ha-primary-listen entries and extra IPC addresses for one instance:
// which entries count (their parent listener is on), where each binds, and what the allocator must check.
import { NsoMultiError } from '../errors.js';
import type { AdditionalListenSpec, InstanceSpec } from '../model.js';
import { additionalListenerId } from '../nso/additional-listener-places.js';
import { isWildcardAddress } from '../nso/wildcard-address.js';
import type { ScannedAdditionalListeners } from '../render/additional-listeners-scan.js';
import { isLoopbackAddress } from '../spec/loopback.js';
import type { ListenerRequest } from './allocate-ports.js';
import { enabledListeners } from './build-plan.js';

// The IPC port has no authentication: more addresses for it follow the rule for ipc.address.
function checkIpcExtraAddresses(instance: InstanceSpec, addresses: string[], allowInsecureIpc: boolean) {
  if (instance.ipc.accessCheck.enabled || allowInsecureIpc) return;
  const exposed = addresses.filter((a) => isWildcardAddress(a) || !isLoopbackAddress(a));
  if (exposed.length === 0) return;
  throw new NsoMultiError(
    'TEMPLATE_INVALID',
    `instance ${instance.name}: template ${instance.template} binds the IPC port also on ${exposed.join(', ')} (ncs-ipc-extra-listen-ip) without the access check: whoever reaches that port controls NSO completely`,
    {
      instance: instance.name,
      hint: 'remove those ncs-ipc-extra-listen-ip entries (or use loopback ones), or set `ipc.accessCheck.enabled: true`, or accept the risk with --allow-insecure-ipc',
    },
  );
}

// The instance with `additionalListen` (entries under listeners that are on, a wildcard ip replaced by the
// parent's address, since every instance would bind it) and `ipcExtraAddresses` set from its template's scan.
// Call it after the template listeners are settled.
export function settleAdditionalListen(
  instance: InstanceSpec,
  scanned: ScannedAdditionalListeners,
  allowInsecureIpc = false,
): InstanceSpec {
  const parents = new Map(enabledListeners(instance).map((l) => [l.key, l.address]));
  const additionalListen = scanned.entries.flatMap((entry): AdditionalListenSpec[] => {
    const parentAddress = parents.get(entry.parent);
    if (parentAddress === undefined) return [];
    const { parent, kind, index, ip } = entry;
    const address = isWildcardAddress(ip) ? parentAddress : ip;
    return [
      { id: additionalListenerId(parent, kind, index), parent, kind, index, address, templateAddress: ip },
    ];
  });
  // Over a Unix socket (local IPC) NSO binds no TCP IPC port, so no extra address either.
  const ipcExtraAddresses = parents.has('ipc') ? scanned.ipcExtraAddresses : [];
  // A spec settled before (re-planned after a bind failure) was checked then, possibly with --allow-insecure-ipc.
  if (instance.ipcExtraAddresses === undefined) {
    checkIpcExtraAddresses(instance, ipcExtraAddresses, allowInsecureIpc);
  }
  // Most instances carry neither key yet: a plain spread then gives the same object as the rest pattern
  // below, which V8 runs far slower before the JIT has warmed up (once per instance of every plan).
  if (!('additionalListen' in instance) && !('ipcExtraAddresses' in instance)) {
    if (additionalListen.length === 0 && ipcExtraAddresses.length === 0) return { ...instance };
    if (ipcExtraAddresses.length === 0) return { ...instance, additionalListen };
  }
  const { additionalListen: _a, ipcExtraAddresses: _i, ...rest } = instance;
  return {
    ...rest,
    ...(additionalListen.length > 0 ? { additionalListen } : {}),
    ...(ipcExtraAddresses.length > 0 ? { ipcExtraAddresses } : {}),
  };
}

// The allocator's requests of an instance completed with its additional listeners (overflow ports, probed on
// their own address) and the extra IPC addresses (its IPC port must be free there too).
export function withAdditionalListen(
  instance: InstanceSpec,
  requests: readonly ListenerRequest[],
): ListenerRequest[] {
  const extraIpc = instance.ipcExtraAddresses ?? [];
  const own = requests.map((r) => (r.key === 'ipc' && extraIpc.length > 0 ? { ...r, alsoOn: extraIpc } : r));
  const additional = (instance.additionalListen ?? []).map((l) => ({ key: l.id, address: l.address }));
  return [...own, ...additional];
}
