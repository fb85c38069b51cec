// `nso-multi render`: write every instance's files.
import { render } from '../../project/render.js';
import type { CliCommand } from '../command.js';
import { planCommand } from './plan-command.js';

// `--strict` (refuse a secret file that lets in more than the spec asks) is render's own; plan shares the rest.
export const run: CliCommand['run'] = (args, global, io) => {
  const strict = args.includes('--strict');
  const rest = args.filter((arg) => arg !== '--strict');
  return planCommand('render', (options) => render({ ...options, strict })).run(rest, global, io);
};
