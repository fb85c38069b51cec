import { describe, expect, it } from 'vitest';
import { instanceSpec as instance } from '../../test/helpers/instance-spec.js';
import { TEMPLATE_LISTENER_KEYS, type TemplateListenerKey } from '../nso/listeners.js';
import { settleTemplateListenerChoices } from '../plan/template-listeners.js';
import { templateListeners } from './template-listeners.js';

const conf = (body: string) =>
  `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">${body}</ncs-config>`;
const scan = (body: string) => templateListeners(conf(body), 't.xml');
const NONE = Object.fromEntries(TEMPLATE_LISTENER_KEYS.map((key) => [key, false])) as Record<
  TemplateListenerKey,
  boolean
>;

describe('templateListeners', () => {
  it('finds nothing in a template without those containers (every one defaults to off)', () => {
    expect(scan('<state-dir>./state</state-dir>')).toEqual(NONE);
  });

  it('reads webui/transport/tcp as on by default once the Web UI is enabled, SSL as off', () => {
    expect(scan('<webui><enabled>true</enabled><transport><tcp/><ssl/></transport></webui>')).toMatchObject({
      webuiTcp: true,
      webuiSsl: false,
    });
  });

  it('needs the transport present: an enabled Web UI without transport/tcp does not listen on TCP', () => {
    expect(scan('<webui><enabled>true</enabled></webui>').webuiTcp).toBe(false);
  });

  it('keeps every Web UI transport off while webui/enabled is false or absent', () => {
    const transports =
      '<transport><tcp><enabled>true</enabled></tcp><ssl><enabled>true</enabled></ssl></transport>';
    expect(scan(`<webui><enabled>false</enabled>${transports}</webui>`)).toEqual(NONE);
    expect(scan(`<webui>${transports}</webui>`)).toEqual(NONE);
  });

  it("reads RESTCONF's own transports as off unless enabled explicitly", () => {
    const on = scan(
      '<restconf><enabled>true</enabled><transport><tcp/><ssl><enabled>true</enabled></ssl></transport></restconf>',
    );
    expect(on).toMatchObject({ restconfTcp: false, restconfSsl: true });
    expect(scan('<restconf><enabled>true</enabled></restconf>')).toEqual(NONE);
  });

  it('reads call-home and HA from their own enabled leaf', () => {
    expect(
      scan('<netconf-call-home><enabled>true</enabled></netconf-call-home><ha><enabled>true</enabled></ha>'),
    ).toEqual({ ...NONE, callHome: true, ha: true });
    expect(scan('<netconf-call-home><enabled> false </enabled></netconf-call-home><ha/>')).toEqual(NONE);
  });

  it('reports a repeated element as TEMPLATE_INVALID', () => {
    expect(() => scan('<ha><enabled>true</enabled></ha><ha><enabled>true</enabled></ha>')).toThrow(
      /more than once/,
    );
  });
});

describe('settleTemplateListenerChoices', () => {
  it("takes the template's flags where the spec sets none, on 127.0.0.1", () => {
    const settled = settleTemplateListenerChoices(instance(), { ...NONE, webuiTcp: true, ha: true });
    expect(settled.webui).toEqual({ tcp: true, ssl: false, address: '127.0.0.1' });
    expect(settled.ha).toEqual({ enabled: true, address: '127.0.0.1' });
    expect(settled.callHome).toEqual({ enabled: false, address: '127.0.0.1' });
  });

  it("lets the spec force a listener on or off whatever the template says, at the spec's address", () => {
    const settled = settleTemplateListenerChoices(
      instance({
        webui: { tcp: false, ssl: true, address: '::1' },
        callHome: { enabled: true, address: '::1' },
      }),
      { ...NONE, webuiTcp: true },
    );
    expect(settled.webui).toEqual({ tcp: false, ssl: true, address: '::1' });
    expect(settled.callHome).toEqual({ enabled: true, address: '::1' });
  });

  it('refuses a port pinned for a listener the template leaves off', () => {
    expect(() => settleTemplateListenerChoices(instance({ ports: { webuiSsl: 17005 } }), NONE)).toThrow(
      /pinned for webuiSsl, but its template \/t.xml does not enable it/,
    );
  });
});
