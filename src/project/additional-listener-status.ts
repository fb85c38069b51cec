// `status` for an instance's additional listeners (the template's extra-listen / ha-primary-listen entries):
// each with whether a connect to it succeeds.

import { isListening } from '../host/port-listening.js';
import type { AdditionalListenerId } from '../model.js';
import type { InstanceState } from '../state/state-document.js';

export interface AdditionalListenerStatus {
  id: AdditionalListenerId;
  address: string;
  port: number;
  listening: boolean;
}

// Checks every additional listener of a recorded instance, in parallel.
export async function additionalListenerStatus(entry: InstanceState): Promise<AdditionalListenerStatus[]> {
  return Promise.all(
    (entry.additionalListeners ?? []).map(async ({ id, address, port }) => ({
      id,
      address,
      port,
      listening: await isListening(address, port),
    })),
  );
}
