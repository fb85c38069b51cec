// The generated port blocks must fit below 65536.
import { hasKeyPath } from '../merge-defaults.js';
import type { SpecPath } from '../spec-path.js';
import type { Rule } from './rule.js';

// Reports a layout whose last block (instance n owns [base + n*stride, base + (n+1)*stride)) passes 65535.
export const layoutFits: Rule = ({ layout, instanceCount, rawLayout }) => {
  const last = layout.base + (instanceCount + 1) * layout.stride - 1;
  if (last <= 65535) return [];
  const path: SpecPath = hasKeyPath(rawLayout, ['stride'])
    ? ['layout', 'stride']
    : hasKeyPath(rawLayout, ['base'])
      ? ['layout', 'base']
      : ['layout'];
  return [
    {
      path,
      message: `${instanceCount === 1 ? '1 instance needs' : `${instanceCount} instances need`} ports up to ${last} (base ${layout.base} + ${instanceCount + 1} × stride ${layout.stride} − 1), above 65535`,
      fix: 'lower layout.base or layout.stride',
    },
  ];
};
