// `nso-multi sim …`: the bundled NSO simulator, given the arguments untouched.
import type { CliCommand } from '../command.js';

export const run: CliCommand['run'] = async (args) => {
  const { simMain } = await import('../../sim/main.js');
  return simMain(args);
};
