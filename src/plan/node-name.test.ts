import { describe, expect, it } from 'vitest';
import { nodeName } from './node-name.js';

// What NSO's schema allows before the "@" of an HA Raft node address (tailf-ncs-config.yang).
const NODE_ID = /^[a-z][a-zA-Z0-9_]*$/;

describe('the Erlang node name of an instance', () => {
  it('reads as project, a 6-digit tag of the workdir, and instance', () => {
    expect(nodeName({ project: 'lab', workdir: '/home/me/lab/.nso-multi' }, 'instance1')).toMatch(
      /^nso_multi_lab_[0-9a-f]{6}_instance1$/,
    );
  });

  it('differs between two projects of one name in different folders', () => {
    const a = nodeName({ project: 'lab', workdir: '/a/.nso-multi' }, 'n1');
    const b = nodeName({ project: 'lab', workdir: '/b/.nso-multi' }, 'n1');
    expect(a).not.toBe(b);
    expect(nodeName({ project: 'lab', workdir: '/a/.nso-multi' }, 'n1')).toBe(a);
  });

  it('holds only what an HA Raft node address allows', () => {
    const name = nodeName({ project: 'My.Lab-1', workdir: '/x y/ü' }, 'two-b');
    expect(name).toMatch(NODE_ID);
    expect(name).toMatch(/^nso_multi_My_Lab_1_[0-9a-f]{6}_two_b$/);
  });
});
