// An LSA upper node loads the LSA NETCONF NED of its lower nodes' NSO version from the installation
// (`$NCS_DIR/packages/lsa/cisco-nso-nc-<major.minor>`), as NSO's LSA examples link it into the upper node's
// packages: render adds it to the upper node's packages before they are staged.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NsoMultiError } from '../errors.js';
import type { Plan } from '../model.js';
import type { Notice } from '../notice.js';
import { lsaNedName } from '../nso/lsa.js';
import type { Installation } from './installation.js';

// The plan with each upper node's packages holding the LSA NED; notices when there is no installation to take
// it from. Throws LSA_FAILED when the installation has no such NED.
export async function withLsaNed(
  plan: Plan,
  installation: Installation | undefined,
): Promise<{ plan: Plan; notices: Notice[] }> {
  const uppers = plan.instances.filter((i) => i.spec.lsa !== undefined);
  if (uppers.length === 0 || installation === undefined) return { plan, notices: [] };
  if ('missing' in installation) {
    return {
      plan,
      notices: uppers.map((i) => ({
        level: 'warning',
        instance: i.name,
        message: `${i.name}: no LSA NED put into packages/: ${installation.missing}`,
      })),
    };
  }
  const name = lsaNedName(plan.nsoVersion);
  const ned = join(installation.ncsDir, 'packages', 'lsa', name);
  if (!(await stat(ned).catch(() => undefined))?.isDirectory()) {
    throw new NsoMultiError(
      'LSA_FAILED',
      `the NSO installation ${installation.ncsDir} has no ${name} in packages/lsa`,
      {
        hint: `the upper node needs the LSA NED of its lower nodes' NSO ${plan.nsoVersion}: use an installation that ships it`,
      },
    );
  }
  const instances = plan.instances.map((instance) => {
    const packages = instance.spec.packages ?? [];
    if (instance.spec.lsa === undefined || packages.includes(ned)) return instance;
    return { ...instance, spec: { ...instance.spec, packages: [...packages, ned] } };
  });
  return { plan: { ...plan, instances }, notices: [] };
}
