import { describe, expect, it } from 'vitest';
import { haModePlaces } from './ha-mode-places.js';

const conf = (body: string) =>
  `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">\n${body}\n</ncs-config>\n`;

describe('where a template switches the HA modes on', () => {
  it('gives line:col of each <enabled>true</enabled>', () => {
    const xml = conf(
      '  <ha>\n    <enabled>true</enabled>\n  </ha>\n  <ha-raft><enabled> true </enabled></ha-raft>',
    );
    expect(haModePlaces(xml, 't.xml')).toEqual({ ha: '3:5', haRaft: '5:12', haRaftCluster: null });
  });

  it('reads a mode as off when absent, false, or without an enabled leaf (the default is false)', () => {
    expect(haModePlaces(conf('  <ha><enabled>false</enabled></ha>'), 't.xml')).toEqual({
      ha: null,
      haRaft: null,
      haRaftCluster: null,
    });
    expect(haModePlaces(conf('  <ha-raft><cluster-name>x</cluster-name></ha-raft>'), 't.xml')).toEqual({
      ha: null,
      haRaft: null,
      haRaftCluster: 'x',
    });
  });

  it('finds nothing under another root', () => {
    const xml = '<config xmlns="x"><ha><enabled>true</enabled></ha></config>';
    expect(haModePlaces(xml, 't.xml')).toEqual({ ha: null, haRaft: null });
  });
});
