// Reading ncs.conf without sockets: schema defaults, parent switches, local IPC, access check, bad values.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ncs.conf values hold ${VAR} references literally.
import { describe, expect, it } from 'vitest';
import { NsoMultiError } from '../../src/errors.js';
import { parseNcsConf } from '../../src/sim/ncs-conf.js';
import { formatEndpoint } from '../../src/sim/sim-config.js';

const NS = 'http://tail-f.com/yang/tailf-ncs-config';
const options = { file: '/run/a/ncs.conf', runDir: '/run/a', env: {} };

function listeners(body: string, env: NodeJS.ProcessEnv = {}): string[] {
  const config = parseNcsConf(`<ncs-config xmlns="${NS}">${body}</ncs-config>`, { ...options, env });
  return config.listeners.map((l) => `${l.label} ${formatEndpoint(l.endpoint)}`);
}

function failure(xml: string, env: NodeJS.ProcessEnv = {}): NsoMultiError {
  try {
    parseNcsConf(xml, { ...options, env });
  } catch (error) {
    if (error instanceof NsoMultiError) return error;
    throw error;
  }
  throw new Error('expected a bad configuration');
}

describe('parseNcsConf', () => {
  it('applies the schema defaults when nothing is configured', () => {
    expect(listeners('')).toEqual(['IPC 127.0.0.1:4569', 'NETCONF SSH 0.0.0.0:2022', 'CLI SSH 0.0.0.0:2024']);
  });

  it('switches NETCONF TCP on only when enabled, with its default port', () => {
    expect(
      listeners(
        '<netconf-north-bound><transport><tcp><enabled>true</enabled></tcp></transport></netconf-north-bound>',
      ),
    ).toContain('NETCONF TCP 0.0.0.0:2023');
  });

  it('turns off every transport under a disabled parent', () => {
    const body =
      '<netconf-north-bound><enabled>false</enabled><transport><tcp><enabled>true</enabled></tcp></transport>' +
      '</netconf-north-bound><cli><enabled>false</enabled></cli>';
    expect(listeners(body)).toEqual(['IPC 127.0.0.1:4569']);
  });

  it('uses the Unix socket of ncs-local-ipc instead of TCP IPC; NCS_IPC_PATH overrides its path', () => {
    const body = '<ncs-local-ipc><enabled>true</enabled></ncs-local-ipc><cli><enabled>false</enabled></cli>';
    expect(listeners(body)[0]).toBe('IPC /tmp/nso/nso-ipc');
    expect(listeners(body, { NCS_IPC_PATH: '/tmp/x/ipc' })[0]).toBe('IPC /tmp/x/ipc');
  });

  it('resolves the access-check file against the run dir, and ignores it when the check is off', () => {
    const on = `<ncs-config xmlns="${NS}"><ncs-ipc-access-check><enabled>true</enabled><filename>s/ipc</filename></ncs-ipc-access-check></ncs-config>`;
    expect(parseNcsConf(on, options).accessCheckFile).toBe('/run/a/s/ipc');
    const off = on.replace('<enabled>true</enabled>', '');
    expect(parseNcsConf(off, options).accessCheckFile).toBeNull();
  });

  it('expands ${VAR} and ${VAR:-default} in values', () => {
    const body = '<ncs-ipc-address><ip>${ADDR}</ip><port>${PORT:-4600}</port></ncs-ipc-address>';
    expect(listeners(body, { ADDR: '127.0.0.2' })[0]).toBe('IPC 127.0.0.2:4600');
  });

  it.each([
    ['a wrong root element', '<ncsconfig/>', /root element must be <ncs-config/],
    ['a wrong namespace', '<ncs-config xmlns="urn:x"/>', /root element/],
    [
      'a bad boolean',
      `<ncs-config xmlns="${NS}"><cli><enabled>yes</enabled></cli></ncs-config>`,
      /cli\/enabled: "yes" is not a boolean/,
    ],
    [
      'a bad IP',
      `<ncs-config xmlns="${NS}"><cli><ssh><ip>localhost</ip></ssh></cli></ncs-config>`,
      /"localhost" is not an IP address/,
    ],
    [
      'a negative port',
      `<ncs-config xmlns="${NS}"><cli><ssh><port>-1</port></ssh></cli></ncs-config>`,
      /not a port number/,
    ],
    [
      'an access check without filename',
      `<ncs-config xmlns="${NS}"><ncs-ipc-access-check/></ncs-config>`,
      /filename is mandatory/,
    ],
    [
      'an undefined variable anywhere',
      `<ncs-config xmlns="${NS}"><load-path><dir>\${NCS_DIR}/x</dir></load-path></ncs-config>`,
      /\/ncs-config\/load-path\/dir: environment variable NCS_DIR is not set/,
    ],
    ['an unquoted attribute', `<ncs-config xmlns="${NS}" a=1/>`, /not well-formed XML/],
  ])('rejects %s with exit code 21', (_what, xml, message) => {
    const error = failure(xml);
    expect(error.exitCode).toBe(21);
    expect(error.message).toMatch(/^Bad configuration: \/run\/a\/ncs\.conf: /);
    expect(error.message).toMatch(message);
  });
});
