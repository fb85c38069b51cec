// The instance views reuse the whole file's schema output when `defaults` add nothing, and parse the merged
// instance otherwise: either way a view holds what parsing the merged instance would give.
import { describe, expect, it } from 'vitest';
import { type InstanceView, instanceViews } from '../../src/spec/instance-views.js';
import { specFileSchema } from '../../src/spec/schema.js';

const DIR = '/specs/lab';
const BUNDLED = '/pkg/templates/ncs.conf.xml';

function viewsBothWays(raw: unknown): { reused: InstanceView[]; parsed: InstanceView[]; written: unknown[] } {
  const whole = specFileSchema.safeParse(raw);
  expect(whole.success).toBe(true);
  const written = whole.data?.instances ?? [];
  return {
    reused: instanceViews(raw, DIR, BUNDLED, written),
    parsed: instanceViews(raw, DIR, BUNDLED),
    written,
  };
}

const settingsOf = (views: InstanceView[]) => views.map((view) => view.settings);

describe('instanceViews', () => {
  it('takes the schema output of the file for instances that defaults leave as written', () => {
    const raw = {
      instances: [{ name: 'a' }, { name: 'b', netconf: { tcp: false }, ports: { ipc: 4601 } }],
    };
    const { reused, parsed, written } = viewsBothWays(raw);
    expect(settingsOf(reused)).toEqual(settingsOf(parsed));
    expect(reused[1]?.settings).toBe(written[1]);
    expect(reused[1]?.settings.netconf.tcp).toBe(false);
    expect(reused[1]?.settings.ports.ipc).toBe(4601);
  });

  it('parses the merged instance when defaults add keys', () => {
    const raw = {
      defaults: { netconf: { tcp: false }, template: 'conf/ncs.xml' },
      instances: [{ name: 'a' }, { name: 'b', netconf: { tcp: true } }],
    };
    const { reused, parsed, written } = viewsBothWays(raw);
    expect(settingsOf(reused)).toEqual(settingsOf(parsed));
    expect(reused[0]?.settings).not.toBe(written[0]);
    expect(reused.map((view) => view.settings.netconf.tcp)).toEqual([false, true]);
    expect(reused.map((view) => view.template)).toEqual([`${DIR}/conf/ncs.xml`, `${DIR}/conf/ncs.xml`]);
  });

  it('treats an empty defaults block like none', () => {
    const { reused, parsed } = viewsBothWays({
      defaults: {},
      instances: [{ name: 'a', cli: { ssh: false } }],
    });
    expect(settingsOf(reused)).toEqual(settingsOf(parsed));
    expect(reused[0]?.template).toBe(BUNDLED);
  });

  it('leaves out an instance that is invalid once merged, without the file output', () => {
    const raw = { instances: [{ name: 'a' }, { name: 'b', ports: { ipc: 0 } }] };
    expect(instanceViews(raw, DIR, BUNDLED).map((view) => view.index)).toEqual([0]);
  });
});
