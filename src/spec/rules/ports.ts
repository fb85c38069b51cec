// Pinned ports must be distinct and belong to listeners that are switched on.
import {
  LISTENERS,
  type ListenerKey,
  TEMPLATE_LISTENER_SWITCHES,
  type TemplateListenerKey,
} from '../../nso/listeners.js';
import type { InstanceView } from '../instance-views.js';
import { dottedPath, type PathProblem, type SpecPath } from '../spec-path.js';
import type { Rule } from './rule.js';

/** Settings that switch listeners on and off. */
export interface ListenerSwitches {
  netconf: { ssh: boolean; tcp: boolean };
  cli: { ssh: boolean };
  /** Template listeners: only an explicit false switches them off here; the template is checked later. */
  webui?: { tcp?: boolean; ssl?: boolean };
  restconf?: { tcp?: boolean; ssl?: boolean };
  callHome?: { enabled?: boolean };
  ha?: { enabled?: boolean };
  haRaft?: { enabled?: boolean };
  /** Off unless the spec switches it on. */
  snmp?: { enabled: boolean } | undefined;
}

type ListenerSwitch = { key: string; isOn(settings: ListenerSwitches): boolean };

// A template listener is on here unless the spec says false; the template is checked later.
const templateDecided = Object.fromEntries(
  Object.entries(TEMPLATE_LISTENER_SWITCHES).map(([listener, { group, flag }]) => [
    listener,
    {
      key: `${group}.${flag}`,
      isOn: (s: ListenerSwitches) =>
        (s[group] as Record<string, boolean | undefined> | undefined)?.[flag] !== false,
    },
  ]),
) as Record<TemplateListenerKey, ListenerSwitch>;

/** The key that switches each listener; IPC cannot be switched off. */
const LISTENER_SWITCH: Record<ListenerKey, ListenerSwitch | undefined> = {
  ipc: undefined,
  netconfSsh: { key: 'netconf.ssh', isOn: (s) => s.netconf.ssh },
  netconfTcp: { key: 'netconf.tcp', isOn: (s) => s.netconf.tcp },
  cliSsh: { key: 'cli.ssh', isOn: (s) => s.cli.ssh },
  ...templateDecided,
  snmp: { key: 'snmp.enabled', isOn: (s) => s.snmp?.enabled === true },
};

// Tells whether an instance's settings switch a listener on.
export function isListenerEnabled(settings: ListenerSwitches, key: ListenerKey): boolean {
  return LISTENER_SWITCH[key]?.isOn(settings) ?? true;
}

interface Pin {
  port: number;
  origin: SpecPath;
  view: InstanceView;
  key: ListenerKey;
}

function pins(instances: readonly InstanceView[]): Pin[] {
  return instances.flatMap((view) =>
    LISTENERS.flatMap(({ key }) => {
      const port = view.settings.ports[key];
      return port === undefined ? [] : [{ port, origin: view.origin(['ports', key]), view, key }];
    }),
  );
}

// Reports every place a port is pinned after the first one; a pin in `defaults` counts once per instance.
export const distinctPinnedPorts: Rule = ({ instances }) => {
  const byPort = new Map<number, Pin[]>();
  for (const pin of pins(instances)) byPort.set(pin.port, [...(byPort.get(pin.port) ?? []), pin]);
  const problems: PathProblem[] = [];
  for (const [port, all] of byPort) {
    if (all.length < 2) continue;
    const origins = [...new Map(all.map((pin) => [dottedPath(pin.origin), pin.origin])).values()];
    const [first, ...others] = origins;
    if (first === undefined) continue;
    if (others.length === 0) {
      problems.push({
        path: first,
        message: `port ${port} is pinned in \`defaults\`, so ${all.length} instances would all use it`,
        fix: 'pin it on a single instance instead',
      });
    }
    for (const origin of others) {
      problems.push({
        path: origin,
        message: `port ${port} is already pinned at ${dottedPath(first)}`,
        fix: 'pin a different port, or remove the pin to get a generated one',
      });
    }
  }
  return problems;
};

// Reports a pinned port whose listener the same instance switches off.
export const pinnedPortsEnabled: Rule = ({ instances }) =>
  pins(instances).flatMap(({ view, key, origin }) => {
    const toggle = LISTENER_SWITCH[key];
    if (toggle === undefined || toggle.isOn(view.settings)) return [];
    return [
      {
        path: origin,
        message: `a port is pinned for ${key}, but \`${toggle.key}\` is false`,
        fix: `remove ports.${key}, or set \`${toggle.key}: true\``,
      },
    ];
  });
