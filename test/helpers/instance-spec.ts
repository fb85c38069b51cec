// Building blocks for plan, render and state unit tests: a loaded spec's instances and project, by hand.
import { join } from 'node:path';
import type { InstanceSpec, Spec } from '../../src/model.js';

/** TCP IPC on 127.0.0.1 without the access check (no secret file in the plan). */
export const IPC_WITHOUT_CHECK: InstanceSpec['ipc'] = {
  address: '127.0.0.1',
  accessCheck: { enabled: false, mode: '0400' },
};

/** NETCONF with both transports off, for plans that assign it no port. */
export const NETCONF_OFF: InstanceSpec['netconf'] = { ssh: false, tcp: false, address: '127.0.0.1' };

// An instance `one` from template /t.xml: TCP IPC with the access check, NETCONF and CLI over SSH, all on
// 127.0.0.1, nothing else; `overrides` replace whole fields.
export function instanceSpec(overrides: Partial<InstanceSpec> = {}): InstanceSpec {
  return {
    name: 'one',
    template: '/t.xml',
    ports: {},
    ipc: { address: '127.0.0.1', accessCheck: { enabled: true, mode: '0400' } },
    netconf: { ssh: true, tcp: false, address: '127.0.0.1' },
    cli: { ssh: true, address: '127.0.0.1' },
    ...overrides,
  };
}

// A project `lab` with its spec file in `overrides.dir` (default /proj), the workdir .nso-multi beside it and
// env files in that folder; `overrides` replace whole fields.
export function projectSpec(instances: InstanceSpec[], overrides: Partial<Spec> = {}): Spec {
  const dir = overrides.dir ?? '/proj';
  return {
    file: join(dir, 'nso-multi.yaml'),
    dir,
    project: 'lab',
    workdir: join(dir, '.nso-multi'),
    envDir: dir,
    nso: {},
    ncs: {},
    layout: { base: 20000, stride: 10 },
    instances,
    ...overrides,
  };
}
