// Tells the user where nso-multi moved a template's extra-listen / ha-primary-listen entry off a wildcard.
import type { Spec } from '../model.js';
import type { Notice } from '../notice.js';
import { LISTENERS } from '../nso/listeners.js';

// One notice per template entry on a wildcard address (not one per instance: the template is shared).
export function additionalListenNotices(spec: Spec): Notice[] {
  const told = new Set<string>();
  const notices: Notice[] = [];
  for (const instance of spec.instances) {
    for (const l of instance.additionalListen ?? []) {
      if (l.address === l.templateAddress) continue;
      const what = `${instance.template}\0${l.id}`;
      if (told.has(what)) continue;
      told.add(what);
      const parent = LISTENERS.find((x) => x.key === l.parent)?.label ?? l.parent;
      notices.push({
        level: 'info',
        message: `${instance.template}: ${l.id} listens on ${l.templateAddress}, which every instance would bind; each instance binds it on its ${parent} address instead (${instance.name}: ${l.address}), on a port of its own`,
      });
    }
  }
  return notices;
}
