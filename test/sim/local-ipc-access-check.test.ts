// The simulator applies the IPC access check to TCP IPC only: local IPC authenticates by Unix UID.
import { describe, expect, it } from 'vitest';
import { parseNcsConf } from '../../src/sim/ncs-conf.js';

const NS = 'http://tail-f.com/yang/tailf-ncs-config';
const CHECK =
  '<ncs-ipc-access-check><enabled>true</enabled><filename>secret</filename></ncs-ipc-access-check>';
const options = { file: '/run/a/ncs.conf', runDir: '/run/a', env: {} };

const config = (body: string) => parseNcsConf(`<ncs-config xmlns="${NS}">${body}</ncs-config>`, options);

describe('the access check and local IPC', () => {
  it('applies to TCP IPC', () => {
    expect(config(CHECK).accessCheckFile).toBe('/run/a/secret');
  });

  it('does not apply when IPC is a Unix socket', () => {
    const local = '<ncs-local-ipc><enabled>true</enabled><path>/run/a/ipc.sock</path></ncs-local-ipc>';
    const parsed = config(CHECK + local);
    expect(parsed.listeners[0]?.endpoint).toEqual({ path: '/run/a/ipc.sock' });
    expect(parsed.accessCheckFile).toBeNull();
  });
});
