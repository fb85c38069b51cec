// Rebuilding a lost state: an instance's additional listeners (extra-listen / ha-primary-listen entries) read
// back from the ncs.conf render wrote, where each entry under a listener that is on holds its own port.
import { readFile } from 'node:fs/promises';
import type { AdditionalListenerPlan, ListenerPlan } from '../model.js';
import { additionalListenerId } from '../nso/additional-listener-places.js';
import { additionalListenerEnvVar } from '../plan/additional-listeners-plan.js';
import { scanAdditionalListeners } from '../render/additional-listeners-scan.js';

// The entries of the file under the enabled `listeners`, with their ports; none when the file cannot be read.
export function additionalFromConf(
  xml: string,
  file: string,
  listeners: readonly ListenerPlan[],
): AdditionalListenerPlan[] {
  let entries: ReturnType<typeof scanAdditionalListeners>['entries'];
  try {
    entries = scanAdditionalListeners(xml, file).entries;
  } catch {
    return [];
  }
  const on = new Set(listeners.map((l) => l.key));
  return entries.flatMap(({ parent, kind, index, ip, port }) =>
    on.has(parent) && port !== undefined
      ? [
          {
            id: additionalListenerId(parent, kind, index),
            parent,
            kind,
            index,
            address: ip,
            templateAddress: ip,
            port,
            envVar: additionalListenerEnvVar(parent, kind, index),
          },
        ]
      : [],
  );
}

// additionalFromConf on the file at `ncsConf`.
export async function rebuiltAdditionalListeners(
  ncsConf: string,
  listeners: readonly ListenerPlan[],
): Promise<AdditionalListenerPlan[]> {
  const text = await readFile(ncsConf, 'utf8').catch(() => undefined);
  return text === undefined ? [] : additionalFromConf(text, ncsConf, listeners);
}
