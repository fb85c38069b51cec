// A port pinned for a listener the spec leaves to the template must be one the template switches on.
import {
  TEMPLATE_LISTENER_KEYS,
  TEMPLATE_LISTENER_SWITCHES,
  type TemplateListenerKey,
} from '../../nso/listeners.js';
import type { TemplateListenerFlags } from '../../render/template-listeners.js';
import type { InstanceView } from '../instance-views.js';
import type { PathProblem } from '../spec-path.js';
import type { Rule } from './rule.js';

// The spec's own switch of a listener; undefined when the template decides. Read by name, so a group the
// schema gains later needs only its row in TEMPLATE_LISTENER_SWITCHES.
function specSwitch(view: InstanceView, key: TemplateListenerKey): boolean | undefined {
  const { group, flag } = TEMPLATE_LISTENER_SWITCHES[key];
  const settings: Record<string, unknown> = view.settings;
  const value: unknown = settings[group];
  if (typeof value !== 'object' || value === null) return undefined;
  const on: unknown = (value as Record<string, unknown>)[flag];
  return typeof on === 'boolean' ? on : undefined;
}

function pinnedToTemplate(view: InstanceView): TemplateListenerKey[] {
  const ports: Partial<Record<string, number>> = view.settings.ports;
  return TEMPLATE_LISTENER_KEYS.filter(
    (key) => ports[key] !== undefined && specSwitch(view, key) === undefined,
  );
}

// Reports, at the pin, a port pinned for a listener that the spec leaves to a template which keeps it off.
// A template that cannot be read is the template rule's problem, not this one's.
export const pinnedPortsTemplateEnabled: Rule = async ({ instances, checks, bundledTemplate }) => {
  const scanTemplate = checks.templateListeners;
  if (scanTemplate === undefined) return [];
  const scans = new Map<string, Promise<TemplateListenerFlags | undefined>>();
  const problems: PathProblem[] = [];
  for (const view of instances) {
    const keys = pinnedToTemplate(view);
    if (keys.length === 0) continue;
    if (!scans.has(view.template)) scans.set(view.template, scanTemplate(view.template));
    const flags = await scans.get(view.template);
    if (flags === undefined) continue;
    const bundled = view.template === bundledTemplate && view.settings.template === undefined;
    const template = bundled ? 'the ncs.conf template bundled with nso-multi' : `template ${view.template}`;
    for (const key of keys) {
      if (flags[key]) continue;
      const { group, flag } = TEMPLATE_LISTENER_SWITCHES[key];
      problems.push({
        path: view.origin(['ports', key]),
        message: `a port is pinned for ${key}, but ${template} does not enable it`,
        fix: `remove ports.${key}, or set \`${group}.${flag}: true\``,
      });
    }
  }
  return problems;
};
