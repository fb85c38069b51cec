import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderNcsConf } from '../../src/render/ncs-conf.js';
import { instanceInput, placeholderInput } from './ncs-conf-input.js';
import { elementsAt, leafAt } from './xml-read.js';

const TEMPLATE = readFileSync(new URL('../../templates/ncs.conf.xml', import.meta.url), 'utf8');
const ODD = readFileSync(new URL('../fixtures/render/odd-template.xml', import.meta.url), 'utf8');
const NS = 'xmlns="http://tail-f.com/yang/tailf-ncs-config"';

/** Replaces one exact snippet and fails when it is not there exactly once. */
function replaceOnce(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, () => to);
}

describe('renderNcsConf on the bundled template', () => {
  it('changes nothing when the input matches the placeholders', () => {
    expect(renderNcsConf(TEMPLATE, placeholderInput())).toBe(TEMPLATE);
  });

  it('changes exactly the owned leaves and keeps every other byte', () => {
    const out = renderNcsConf(TEMPLATE, instanceInput());
    let expected = replaceOnce(TEMPLATE, '<port>4569</port>', '<port>20010</port>');
    expected = replaceOnce(
      expected,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as NSO and shells see it
      '<enabled>false</enabled>\n    <filename>${NCS_DIR}/etc/ncs/ipc_access</filename>',
      '<enabled>true</enabled>\n    <filename>/work/run/one/ipc-secret</filename>',
    );
    expected = replaceOnce(expected, '<port>2022</port>', '<port>20011</port>');
    expected = replaceOnce(
      expected,
      '<enabled>false</enabled>\n        <ip>127.0.0.1</ip>\n        <port>2023</port>',
      '<enabled>true</enabled>\n        <ip>127.0.0.1</ip>\n        <port>20012</port>',
    );
    expected = replaceOnce(
      expected,
      '<ip>127.0.0.1</ip>\n      <port>2024</port>',
      '<ip>::1</ip>\n      <port>20013</port>',
    );
    expect(out).toBe(expected);
  });

  it('sets every owned leaf to the input', () => {
    const out = renderNcsConf(TEMPLATE, instanceInput());
    expect(leafAt(out, 'ncs-ipc-address/ip')).toBe('127.0.0.1');
    expect(leafAt(out, 'ncs-ipc-address/port')).toBe('20010');
    expect(leafAt(out, 'ncs-ipc-access-check/enabled')).toBe('true');
    expect(leafAt(out, 'ncs-ipc-access-check/filename')).toBe('/work/run/one/ipc-secret');
    for (const [path, port] of [
      ['netconf-north-bound/transport/ssh', '20011'],
      ['netconf-north-bound/transport/tcp', '20012'],
    ]) {
      expect(leafAt(out, `${path}/enabled`)).toBe('true');
      expect(leafAt(out, `${path}/ip`)).toBe('127.0.0.1');
      expect(leafAt(out, `${path}/port`)).toBe(port);
    }
    expect(leafAt(out, 'cli/ssh/enabled')).toBe('true');
    expect(leafAt(out, 'cli/ssh/ip')).toBe('::1');
    expect(leafAt(out, 'cli/ssh/port')).toBe('20013');
    expect(elementsAt(out, 'ncs-local-ipc')).toHaveLength(0);
  });

  it('is idempotent: rendering its own output again gives the same text', () => {
    const once = renderNcsConf(TEMPLATE, instanceInput({ localIpc: 'disable' }));
    expect(renderNcsConf(once, instanceInput({ localIpc: 'disable' }))).toBe(once);
  });

  it('writes enabled=false for disabled listeners and leaves their ip and port alone', () => {
    const input = instanceInput({
      netconfSsh: { enabled: false, address: '10.0.0.1', port: null },
      netconfTcp: { enabled: false, address: '10.0.0.1', port: null },
      cliSsh: { enabled: false, address: '10.0.0.1', port: 1234 },
    });
    const out = renderNcsConf(TEMPLATE, input);
    expect(leafAt(out, 'netconf-north-bound/transport/ssh/enabled')).toBe('false');
    expect(leafAt(out, 'netconf-north-bound/transport/ssh/port')).toBe('2022');
    expect(leafAt(out, 'netconf-north-bound/transport/tcp/enabled')).toBe('false');
    expect(leafAt(out, 'cli/ssh/enabled')).toBe('false');
    expect(leafAt(out, 'cli/ssh/ip')).toBe('127.0.0.1');
    expect(leafAt(out, 'cli/ssh/port')).toBe('2024');
  });

  it('keeps the template port of an enabled listener whose port is null', () => {
    const input = instanceInput({ netconfSsh: { enabled: true, address: '127.0.0.2', port: null } });
    const out = renderNcsConf(TEMPLATE, input);
    expect(leafAt(out, 'netconf-north-bound/transport/ssh/ip')).toBe('127.0.0.2');
    expect(leafAt(out, 'netconf-north-bound/transport/ssh/port')).toBe('2022');
  });
});

describe('renderNcsConf on other templates', () => {
  const minimal = `<ncs-config ${NS}>\n  <state-dir>./state</state-dir>\n</ncs-config>\n`;

  it('creates missing containers and leaves at their schema place, indented like the file', () => {
    const out = renderNcsConf(minimal, instanceInput({ localIpc: 'disable' }));
    expect(out).toBe(
      [
        `<ncs-config ${NS}>`,
        '  <ncs-ipc-address>',
        '    <ip>127.0.0.1</ip>',
        '    <port>20010</port>',
        '  </ncs-ipc-address>',
        '  <ncs-ipc-access-check>',
        '    <enabled>true</enabled>',
        '    <filename>/work/run/one/ipc-secret</filename>',
        '  </ncs-ipc-access-check>',
        '  <ncs-local-ipc>',
        '    <enabled>false</enabled>',
        '  </ncs-local-ipc>',
        '  <state-dir>./state</state-dir>',
        '  <cli>',
        '    <ssh>',
        '      <enabled>true</enabled>',
        '      <ip>::1</ip>',
        '      <port>20013</port>',
        '    </ssh>',
        '  </cli>',
        '  <netconf-north-bound>',
        '    <transport>',
        '      <ssh>',
        '        <enabled>true</enabled>',
        '        <ip>127.0.0.1</ip>',
        '        <port>20011</port>',
        '      </ssh>',
        '      <tcp>',
        '        <enabled>true</enabled>',
        '        <ip>127.0.0.1</ip>',
        '        <port>20012</port>',
        '      </tcp>',
        '    </transport>',
        '  </netconf-north-bound>',
        '</ncs-config>',
        '',
      ].join('\n'),
    );
  });

  it('writes disabled listeners explicitly (NSO would otherwise open its default ports) without a port', () => {
    const input = instanceInput({
      accessCheck: { enabled: false, filename: '' },
      netconfSsh: { enabled: false, address: '127.0.0.1', port: null },
      netconfTcp: { enabled: false, address: '127.0.0.1', port: null },
      cliSsh: { enabled: false, address: '127.0.0.1', port: null },
    });
    const out = renderNcsConf(minimal, input);
    expect(leafAt(out, 'netconf-north-bound/transport/ssh/enabled')).toBe('false');
    expect(leafAt(out, 'netconf-north-bound/transport/tcp/enabled')).toBe('false');
    expect(leafAt(out, 'cli/ssh/enabled')).toBe('false');
    expect(elementsAt(out, 'netconf-north-bound/transport/ssh/port')).toHaveLength(0);
    expect(elementsAt(out, 'cli/ssh/ip')).toHaveLength(0);
    // A disabled check needs no presence container (absent means off) and has no filename to give it.
    expect(elementsAt(out, 'ncs-ipc-access-check')).toHaveLength(0);
  });

  it('fills in missing leaves after the ones present, in schema order', () => {
    const template = [
      `<ncs-config ${NS}>`,
      '  <cli>',
      '    <style>c</style>',
      '    <ssh>',
      '      <port>1</port>',
      '      <banner>hi</banner>',
      '    </ssh>',
      '  </cli>',
      '</ncs-config>',
    ].join('\n');
    const out = renderNcsConf(template, instanceInput());
    expect(out).toContain(
      [
        '    <style>c</style>',
        '    <ssh>',
        '      <enabled>true</enabled>',
        '      <ip>::1</ip>',
        '      <port>20013</port>',
        '      <banner>hi</banner>',
        '    </ssh>',
      ].join('\n'),
    );
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as NSO and shells see it
  it('keeps comments, the declaration, ${VAR} strings, unknown elements, attributes and entities', () => {
    const out = renderNcsConf(ODD, instanceInput({ accessCheck: { enabled: false, filename: '' } }));
    let expected = replaceOnce(ODD, '<port >4569</port  >', '<port >20010</port  >');
    expected = replaceOnce(expected, '<port>2022</port>', '<port>20011</port>');
    expected = replaceOnce(
      expected,
      '<tcp><enabled>false</enabled></tcp>',
      '<tcp><enabled>true</enabled><ip>127.0.0.1</ip><port>20012</port></tcp>',
    );
    expected = replaceOnce(
      expected,
      '<ssh/>',
      '<ssh>\n\t\t\t<enabled>true</enabled>\n\t\t\t<ip>::1</ip>\n\t\t\t<port>20013</port>\n\t\t</ssh>',
    );
    expect(out).toBe(expected);
  });

  it('switches a disabled interface back on when one of its listeners is enabled', () => {
    const template = [
      `<ncs-config ${NS}>`,
      '  <cli><enabled>false</enabled></cli>',
      '  <netconf-north-bound><enabled>false</enabled></netconf-north-bound>',
      '</ncs-config>',
    ].join('\n');
    const out = renderNcsConf(template, instanceInput());
    expect(leafAt(out, 'cli/enabled')).toBe('true');
    expect(leafAt(out, 'netconf-north-bound/enabled')).toBe('true');
    const off = renderNcsConf(
      template,
      instanceInput({
        netconfSsh: { enabled: false, address: '127.0.0.1', port: null },
        netconfTcp: { enabled: false, address: '127.0.0.1', port: null },
        cliSsh: { enabled: false, address: '127.0.0.1', port: null },
      }),
    );
    expect(leafAt(off, 'cli/enabled')).toBe('false');
    expect(leafAt(off, 'netconf-north-bound/enabled')).toBe('false');
  });

  it('uses the root prefix for new elements of a prefixed template', () => {
    const template = `<c:ncs-config xmlns:c="http://tail-f.com/yang/tailf-ncs-config">\n  <c:state-dir>./s</c:state-dir>\n</c:ncs-config>\n`;
    const out = renderNcsConf(template, instanceInput());
    expect(out).toContain('  <c:ncs-ipc-address>\n    <c:ip>127.0.0.1</c:ip>\n    <c:port>20010</c:port>\n');
    expect(out).not.toContain('xmlns=');
    expect(leafAt(out, 'cli/ssh/port')).toBe('20013');
  });

  it('keeps CRLF line ends and a byte order mark, and writes new lines with CRLF', () => {
    const template = `\uFEFF<?xml version="1.0"?>\r\n<ncs-config ${NS}>\r\n  <state-dir>./state</state-dir>\r\n</ncs-config>\r\n`;
    const out = renderNcsConf(template, instanceInput());
    expect(
      out.startsWith(`\uFEFF<?xml version="1.0"?>\r\n<ncs-config ${NS}>\r\n  <ncs-ipc-address>\r\n`),
    ).toBe(true);
    expect(out.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(leafAt(out.slice(1), 'netconf-north-bound/transport/tcp/port')).toBe('20012');
  });

  it('adds to a compact one-line template without line breaks', () => {
    const template = `<ncs-config ${NS}><cli><ssh><enabled>true</enabled></ssh></cli></ncs-config>`;
    const out = renderNcsConf(template, instanceInput());
    expect(out).toContain('<cli><ssh><enabled>true</enabled><ip>::1</ip><port>20013</port></ssh></cli>');
    expect(out).not.toContain('\n');
  });
});
