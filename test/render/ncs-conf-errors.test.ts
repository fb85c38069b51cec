import { describe, expect, it } from 'vitest';
import { NsoMultiError } from '../../src/errors.js';
import { renderNcsConf } from '../../src/render/ncs-conf.js';
import { instanceInput } from './ncs-conf-input.js';
import { leafAt } from './xml-read.js';

const NS = 'xmlns="http://tail-f.com/yang/tailf-ncs-config"';

function renderError(template: string, input = instanceInput()): NsoMultiError {
  try {
    renderNcsConf(template, input, 'tpl/ncs.conf.xml');
  } catch (error) {
    if (error instanceof NsoMultiError) return error;
    throw error;
  }
  throw new Error('renderNcsConf did not throw');
}

describe('renderNcsConf rejects unusable templates with TEMPLATE_INVALID', () => {
  it.each([
    ['a mismatched end tag', `<ncs-config ${NS}>\n  <cli>\n  </clii>\n</ncs-config>`, 'tpl/ncs.conf.xml:2:'],
    ['an unclosed root', `<ncs-config ${NS}>\n  <cli/>\n`, 'tpl/ncs.conf.xml'],
    ['an unknown entity (xmldom only warns by default)', `<ncs-config ${NS}>&bogus;</ncs-config>`, 'tpl'],
    ['text after the root (xmldom only reports it)', `<ncs-config ${NS}/>\ntrailing`, 'tpl'],
    ['an empty file', '', 'tpl/ncs.conf.xml'],
    ['an unbound prefix', `<ncs-config ${NS}><x:a/></ncs-config>`, 'tpl/ncs.conf.xml:1:'],
  ])('not well-formed: %s', (_what, template, where) => {
    const error = renderError(template);
    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.message).toContain(where);
    expect(error.message).toContain('not well-formed');
    expect(error.hint).toBeTruthy();
  });

  it('names line and column where the parser locates the error', () => {
    const error = renderError(
      `<?xml version="1.0"?>\n<ncs-config ${NS}>\n\r\n  <cli a="1" a="2"/>\n</ncs-config>\n`,
    );
    expect(error.message).toBe('tpl/ncs.conf.xml:4:3: not well-formed XML: Attribute a redefined');
  });

  it.each([
    ['another root element', `<config ${NS}/>`, '<config>'],
    ['no namespace', '<ncs-config/>', 'namespace ""'],
    [
      'the /1.0 namespace from the man page',
      '<ncs-config xmlns="http://tail-f.com/ns/ncs_config/1.0"/>',
      '/1.0',
    ],
  ])('wrong root: %s', (_what, template, found) => {
    const error = renderError(template);
    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.message).toContain('tpl/ncs.conf.xml:1:1');
    expect(error.message).toContain(found);
    expect(error.hint).toContain('http://tail-f.com/yang/tailf-ncs-config');
  });

  it('rejects a repeated leaf it would have to set, naming where', () => {
    const template = `<ncs-config ${NS}>\n  <ncs-ipc-address>\n    <port>1</port>\n    <port>2</port>\n  </ncs-ipc-address>\n</ncs-config>`;
    const error = renderError(template);
    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.message).toBe(
      'tpl/ncs.conf.xml:4:5: <port> appears more than once in /ncs-config/ncs-ipc-address',
    );
  });
});

describe('renderNcsConf input checks', () => {
  it('refuses a port outside 0..65535 as an internal error', () => {
    const input = instanceInput({ ipc: { address: '127.0.0.1', port: 70000 } });
    const error = renderError(`<ncs-config ${NS}/>`, input);
    expect(error.code).toBe('INTERNAL');
  });

  it('refuses an enabled access check without a file name', () => {
    const error = renderError(
      `<ncs-config ${NS}/>`,
      instanceInput({ accessCheck: { enabled: true, filename: '' } }),
    );
    expect(error.code).toBe('INTERNAL');
  });

  it('refuses a value XML cannot carry (a control character) as a usage error naming it', () => {
    const input = instanceInput({ accessCheck: { enabled: true, filename: '/tmp/a\u0001b' } });
    const error = renderError(`<ncs-config ${NS}/>`, input);
    expect(error.code).toBe('USAGE');
    expect(error.message).toBe(
      'the IPC secret file path "/tmp/a\\u0001b" holds the character U+0001, which ncs.conf (XML) cannot carry',
    );
    expect(error.hint).toContain('workdir');
  });

  it('refuses a value with "${", which NSO 6.3+ would expand from the environment', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as NSO and shells see it
    const input = instanceInput({ accessCheck: { enabled: true, filename: '/tmp/${HOME}/x' } });
    const error = renderError(`<ncs-config ${NS}/>`, input);
    expect(error.code).toBe('USAGE');
    expect(error.message).toContain('NSO 6.3 and later expand');
  });
});

describe('renderNcsConf escaping', () => {
  it.each([
    ['markup characters', `/tmp/a&b<c>d"e'f]]>g`],
    ['entity look-alikes', '/tmp/&amp;&lt;&#65;$NCS_DIR{}'],
    ['line ends and tabs', '/tmp/line\nbreak\r\ncrlf\rcr\ttab'],
    ['non-ASCII and Unicode line ends', '/tmp/ünï 😀 \u0085 \u2028 \u2029 \u00a0 end '],
  ])('a file name with %s reads back exactly through an XML parser', (_what, filename) => {
    const input = instanceInput({ accessCheck: { enabled: true, filename } });
    const fromTemplate = renderNcsConf(
      `<ncs-config ${NS}>\n  <ncs-ipc-access-check>\n    <enabled>false</enabled>\n    <filename>x</filename>\n  </ncs-ipc-access-check>\n</ncs-config>\n`,
      input,
    );
    expect(leafAt(fromTemplate, 'ncs-ipc-access-check/filename')).toBe(filename);
    const created = renderNcsConf(`<ncs-config ${NS}/>`, input);
    expect(leafAt(created, 'ncs-ipc-access-check/filename')).toBe(filename);
  });
});
