import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NcsConfInput } from '../../src/render/ncs-conf.js';
import { renderNcsConf } from '../../src/render/ncs-conf.js';
import { templateListeners } from '../../src/render/template-listeners.js';
import { readRenderedConf } from '../../src/state/rendered-listeners.js';
import { instanceInput } from './ncs-conf-input.js';
import { elementsAt, leafAt } from './xml-read.js';
import { yanglint, yanglintSkipReason } from './yanglint.js';

const BUNDLED = readFileSync(new URL('../../templates/ncs.conf.xml', import.meta.url), 'utf8');
/** What ncs-setup writes for the Web UI, plus HA and call-home switched on and listening everywhere. */
const ENABLING = `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">
  <state-dir>./state</state-dir>
  <restconf>
    <enabled>true</enabled>
  </restconf>
  <webui>
    <enabled>true</enabled>
    <transport>
      <tcp>
        <enabled>true</enabled>
        <ip>0.0.0.0</ip>
        <port>8080</port>
      </tcp>
      <ssl>
        <enabled>false</enabled>
        <ip>0.0.0.0</ip>
        <port>8888</port>
      </ssl>
    </transport>
  </webui>
  <netconf-call-home>
    <enabled>true</enabled>
  </netconf-call-home>
  <ha>
    <enabled>true</enabled>
  </ha>
</ncs-config>
`;
const on = (port: number) => ({ enabled: true, address: '127.0.0.1', port });
const off = { enabled: false, address: '127.0.0.1', port: null };
const EVERY_TEMPLATE_LISTENER: NcsConfInput['templateListeners'] = {
  webuiTcp: on(17014),
  webuiSsl: on(17015),
  restconfTcp: on(17017),
  restconfSsl: on(17018),
  ha: on(17019),
  callHome: on(17040),
};
const skipReason = yanglintSkipReason();

describe('rendering the template listeners', () => {
  it('sets enabled, ip and port of each one, in the places NSO reads them', () => {
    const xml = renderNcsConf(ENABLING, instanceInput({ templateListeners: EVERY_TEMPLATE_LISTENER }));
    expect(leafAt(xml, 'webui/transport/tcp/ip')).toBe('127.0.0.1');
    expect(leafAt(xml, 'webui/transport/tcp/port')).toBe('17014');
    expect(leafAt(xml, 'webui/transport/ssl/enabled')).toBe('true');
    expect(leafAt(xml, 'restconf/transport/tcp/port')).toBe('17017');
    expect(leafAt(xml, 'restconf/transport/ssl/enabled')).toBe('true');
    expect(leafAt(xml, 'netconf-call-home/transport/tcp/port')).toBe('17040');
    expect(leafAt(xml, 'ha/port')).toBe('17019');
    expect(leafAt(xml, 'ha/ip')).toBe('127.0.0.1');
    const read = readRenderedConf(xml, 'ncs.conf').listeners;
    expect(read.webuiTcp).toEqual({ enabled: true, address: '127.0.0.1', port: 17014 });
    expect(read.callHome).toEqual({ enabled: true, address: '127.0.0.1', port: 17040 });
    expect(templateListeners(xml, 'ncs.conf')).toEqual({
      webuiTcp: true,
      webuiSsl: true,
      restconfTcp: true,
      restconfSsl: true,
      ha: true,
      callHome: true,
      haRaft: false,
    });
  });

  it("switches off only what the template had on, and leaves RESTCONF's own switch alone", () => {
    const templateListeners = {
      ...EVERY_TEMPLATE_LISTENER,
      webuiSsl: off,
      restconfTcp: off,
      restconfSsl: off,
      ha: off,
      callHome: off,
    };
    const xml = renderNcsConf(ENABLING, instanceInput({ templateListeners }));
    expect(leafAt(xml, 'webui/transport/ssl/enabled')).toBe('false');
    expect(leafAt(xml, 'webui/transport/ssl/port')).toBe('8888');
    expect(leafAt(xml, 'restconf/enabled')).toBe('true');
    expect(elementsAt(xml, 'restconf/transport')).toHaveLength(0);
    expect(leafAt(xml, 'ha/enabled')).toBe('false');
    expect(leafAt(xml, 'netconf-call-home/enabled')).toBe('false');
  });

  it('turns a Web UI transport off before switching the Web UI on for the other one', () => {
    const template = BUNDLED.replace(
      '<enabled>false</enabled>\n  </webui>',
      '<enabled>false</enabled>\n    <transport><ssl><enabled>true</enabled></ssl></transport>\n  </webui>',
    );
    expect(template).not.toBe(BUNDLED);
    const xml = renderNcsConf(
      template,
      instanceInput({ templateListeners: { ...EVERY_TEMPLATE_LISTENER, webuiSsl: off } }),
    );
    expect(leafAt(xml, 'webui/enabled')).toBe('true');
    expect(leafAt(xml, 'webui/transport/ssl/enabled')).toBe('false');
    expect(templateListeners(xml, 'ncs.conf')).toMatchObject({ webuiTcp: true, webuiSsl: false });
  });

  it('changes nothing of the bundled template when every one is off', () => {
    const none = { webuiTcp: off, webuiSsl: off, restconfTcp: off, restconfSsl: off, ha: off, callHome: off };
    expect(renderNcsConf(BUNDLED, instanceInput({ templateListeners: none }))).toBe(
      renderNcsConf(BUNDLED, instanceInput()),
    );
  });

  describe.skipIf(skipReason !== null)(
    `against NSO's schema${skipReason ? ` (skipped: ${skipReason})` : ''}`,
    () => {
      it.each([
        ['a template enabling them', ENABLING],
        ['the bundled template', BUNDLED],
        [
          'a minimal template',
          '<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">\n  <state-dir>./state</state-dir>\n</ncs-config>\n',
        ],
      ])('%s rendered with every one on validates', (_what, template) => {
        const result = yanglint(
          renderNcsConf(template, instanceInput({ templateListeners: EVERY_TEMPLATE_LISTENER })),
        );
        expect(result.ok, result.output).toBe(true);
      });
    },
  );
});
