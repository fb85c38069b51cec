// `nso-multi render`: write every instance's files.
import { render } from '../../api/render.js';
import { planCommand } from './plan-command.js';

export const { run } = planCommand('render', render);
