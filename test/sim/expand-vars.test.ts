// ${VAR} expansion as NSO 6.3+ does it for ncs.conf values.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ncs.conf values hold ${VAR} references literally.
import { describe, expect, it } from 'vitest';
import { expandVars } from '../../src/sim/expand-vars.js';

describe('expandVars', () => {
  it('replaces set variables and leaves other dollar signs alone', () => {
    expect(expandVars('${A}/x/$B/${C:-d}', { A: 'a', C: 'c' })).toEqual({ value: 'a/x/$B/c' });
  });

  it('uses the default when the variable is unset or empty', () => {
    expect(expandVars('${A:-1}${B:-2}${C:-}', { B: '' })).toEqual({ value: '12' });
  });

  it('reports the first undefined variable without a default', () => {
    expect(expandVars('${A:-x}${MISSING}${OTHER}', {})).toEqual({ undefinedVariable: { name: 'MISSING' } });
  });
});
