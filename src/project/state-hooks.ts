// What a project operation gives the state reader: where its notices go, and how a simulator daemon is told.
import { isSimulatorCommand } from '../ncs/sim-bin-path.js';
import type { Notice } from '../notice.js';
import type { StateReadHooks } from '../state/load-state.js';

// The state hooks of an operation whose options may name a notice channel.
export function stateHooks(options: { onNotice?: (notice: Notice) => void }): StateReadHooks {
  return { isSimulator: isSimulatorCommand, ...(options.onNotice ? { onNotice: options.onNotice } : {}) };
}
