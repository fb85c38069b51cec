// Groups an instance leaves out (ports, ipc, netconf, cli, ssh) are parsed once and shared, frozen; a group an
// instance gives is parsed as given, and the values are the same as parsing `{}` for each instance.
import { describe, expect, it } from 'vitest';
import { instanceSchema } from '../../src/spec/instance-schema.js';

describe('instances that leave groups out', () => {
  it('get the values parsing an empty group gives, in their own top-level objects with frozen insides', () => {
    const a = instanceSchema.parse({ name: 'a' });
    const b = instanceSchema.parse({ name: 'b' });
    const explicit = instanceSchema.parse({ name: 'c', ipc: {}, netconf: {}, cli: {}, ssh: {}, ports: {} });
    for (const key of ['ipc', 'netconf', 'cli', 'ssh', 'ports'] as const) {
      expect(a[key]).toEqual(explicit[key]);
      expect(a[key]).not.toBe(b[key]);
    }
    expect(a.ipc).toEqual({
      address: '127.0.0.1',
      accessCheck: { enabled: true, mode: '0400' },
      transport: 'tcp',
    });
    expect(Object.isFrozen(a.ipc.accessCheck)).toBe(true);
    expect(() => {
      (a.ipc.accessCheck as { enabled: boolean }).enabled = false;
    }).toThrow(TypeError);
    expect(b.ipc.accessCheck.enabled).toBe(true);
  });

  it('parse a group they give as given', () => {
    const parsed = instanceSchema.parse({ name: 'a', ipc: { accessCheck: { mode: '040', group: 'ncs' } } });
    expect(parsed.ipc.accessCheck).toEqual({ enabled: true, mode: '040', group: 'ncs' });
    expect(Object.isFrozen(parsed.ipc.accessCheck)).toBe(false);
    expect(instanceSchema.safeParse({ name: 'a', netconf: { ssh: 'yes' } }).success).toBe(false);
  });
});
