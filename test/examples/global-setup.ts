// Starts the example's instances once for the whole run, as a user's suite would: the simulator stands in for
// NSO here. `isolate` gives every run its own workdir, so two runs at once do not share state.
import { fileURLToPath } from 'node:url';
import { setupCluster } from 'nso-multi/vitest';

export default setupCluster({
  config: 'nso-multi.yaml',
  cwd: fileURLToPath(new URL('.', import.meta.url)),
  sim: true,
  isolate: true,
});
