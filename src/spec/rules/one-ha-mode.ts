// NSO runs one HA mode at a time: rule-based HA (/ncs-config/ha) or HA Raft (/ncs-config/ha-raft). Measured on
// NSO 6.2.5 with both on: exit 21, "/ncs-config/ha-raft/enabled and /ncs-config/ha/enabled cannot both be set
// to 'true'". So both on in one instance, from the spec or its template, is a spec error.
import type { HaModePlaces } from '../../render/ha-mode-places.js';
import type { InstanceView } from '../instance-views.js';
import type { PathProblem } from '../spec-path.js';
import { haModeScanner } from './ha-mode-scan.js';
import type { Rule } from './rule.js';

const FIX =
  'switch one off: `ha: { enabled: false }` or `haRaft: { enabled: false }` (NSO allows one HA mode at a time)';

/** Where one mode is switched on: by the spec (its key) or by the template (file:line:col of `<enabled>`). */
type Source = { spec: 'ha' | 'haRaft' } | { template: string };

function describe(mode: 'ha' | 'haRaft', source: Source): string {
  const element = mode === 'ha' ? '/ncs-config/ha/enabled' : '/ncs-config/ha-raft/enabled';
  const what = mode === 'ha' ? 'rule-based HA' : 'HA Raft';
  return 'spec' in source ? `${what} (${mode}.enabled)` : `${what} (${element} at ${source.template})`;
}

// Reports, at the spec's switch when one of them is the spec's (else at `template`), an instance whose spec
// and template leave both HA modes on. A template that cannot be read is the template rule's problem.
export const oneHaMode: Rule = async ({ instances, checks }) => {
  const scan = haModeScanner(checks);
  const problems: PathProblem[] = [];
  for (const view of instances) {
    const ha = await sourceOf(view, 'ha', scan);
    const raft = ha === undefined ? undefined : await sourceOf(view, 'haRaft', scan);
    if (ha === undefined || raft === undefined) continue;
    const at = 'spec' in raft ? ['haRaft', 'enabled'] : 'spec' in ha ? ['ha', 'enabled'] : ['template'];
    problems.push({
      path: view.origin(at),
      message: `${describe('ha', ha)} and ${describe('haRaft', raft)} are both on`,
      fix: FIX,
    });
  }
  return problems;
};

// Where `mode` is switched on for the instance; undefined when it is off (or the template cannot be read).
async function sourceOf(
  view: InstanceView,
  mode: 'ha' | 'haRaft',
  scan: (file: string) => Promise<HaModePlaces | undefined>,
): Promise<Source | undefined> {
  const own = view.settings[mode]?.enabled;
  if (own !== undefined) return own ? { spec: mode } : undefined;
  const place = (await scan(view.template))?.[mode];
  return place === null || place === undefined ? undefined : { template: `${view.template}:${place}` };
}
