// `nso-multi plan`: what render would write, writing nothing.
import { plan } from '../../project/prepare-plan.js';
import { planCommand } from './plan-command.js';

export const { run } = planCommand('plan', plan);
