// The simulator's XML reader: what it gives for well-formed documents (checked against xmldom on the same
// text) and which faults it refuses, with their position.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { readXml, textContent, type XmlElement, XmlSyntaxError } from '../../src/sim/xml-reader.js';
import { REPO_ROOT } from '../helpers/cli.js';

/** An element tree as plain data: `{ns}local` with its children; text kept only where it is not blank. */
type Shape = { name: string; children: (Shape | string)[] };

function shapeOf(element: XmlElement): Shape {
  return {
    name: `{${element.namespaceURI ?? ''}}${element.localName}`,
    children: element.children.flatMap((c): (Shape | string)[] =>
      typeof c === 'string' ? (c.trim() === '' ? [] : [c]) : [shapeOf(c)],
    ),
  };
}

function domShapeOf(element: Element): Shape {
  const children: (Shape | string)[] = [];
  let text = '';
  const flush = () => {
    if (text.trim() !== '') children.push(text);
    text = '';
  };
  for (let node: Node | null = element.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === 1) {
      flush();
      children.push(domShapeOf(node as Element));
    } else if (node.nodeType === 3 || node.nodeType === 4) text += node.nodeValue ?? '';
  }
  flush();
  return { name: `{${element.namespaceURI ?? ''}}${element.localName}`, children };
}

function viaXmldom(xml: string): Shape {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(xml, 'text/xml');
  return domShapeOf(doc.documentElement!);
}

function syntaxError(xml: string): XmlSyntaxError {
  try {
    readXml(xml);
  } catch (error) {
    if (error instanceof XmlSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(xml)} to be refused`);
}

describe('readXml', () => {
  it.each([
    ['the bundled ncs.conf template', join(REPO_ROOT, 'templates', 'ncs.conf.xml')],
    [
      'a hand-written template with odd markup',
      join(REPO_ROOT, 'test', 'fixtures', 'render', 'odd-template.xml'),
    ],
  ])('reads %s as xmldom does', (_what, file) => {
    const xml = readFileSync(file, 'utf8');
    expect(shapeOf(readXml(xml))).toEqual(viaXmldom(xml));
  });

  it('resolves default and prefixed namespaces per element, and decodes references and CDATA', () => {
    const xml =
      '<?xml version="1.0"?>\r\n<!DOCTYPE r SYSTEM "r.dtd"><r xmlns="urn:a" xmlns:b="urn:b"><b:x y="1 &lt; 2">' +
      'a &amp; &#65;&#x42;<![CDATA[<c>]]></b:x><z xmlns=""/><?pi data?><!-- note --></r>';
    const root = readXml(xml);
    expect(shapeOf(root)).toEqual({
      name: '{urn:a}r',
      children: [
        { name: '{urn:b}x', children: ['a & AB<c>'] },
        { name: '{}z', children: [] },
      ],
    });
    expect(textContent(root)).toBe('a & AB<c>');
  });

  it('turns CR LF and lone CR into LF inside text', () => {
    expect(textContent(readXml('<r>a\r\nb\rc</r>'))).toBe('a\nb\nc');
  });

  it.each([
    ['an empty document', '', /root element is missing/],
    ['text before the root', 'x<r/>', /root element is missing/],
    ['two roots', '<r/><s/>', /only comments and processing instructions may follow/],
    ['a mismatched end tag', '<r><a></b></r>', /<\/b> does not close <a>/],
    ['an unclosed element', '<r><a>', /<a> is not closed/],
    ['an unquoted attribute', '<r a=1/>', /must be in quotes/],
    ['a repeated attribute', '<r a="1" a="2"/>', /given twice/],
    [
      'the same attribute under two prefixes',
      '<r xmlns:p="urn:x" xmlns:q="urn:x" p:a="1" q:a="2"/>',
      /given twice/,
    ],
    ['< in an attribute value', '<r a="<"/>', /'<' in the value/],
    ['an undeclared prefix', '<p:r/>', /prefix p is not declared/],
    ['a bare ampersand', '<r>a & b</r>', /must start a reference/],
    ['an unknown entity', '<r>&nbsp;</r>', /unknown entity &nbsp;/],
    ['a reference to a forbidden character', '<r>&#0;</r>', /not an allowed character/],
    ['a control character', '<r>\u0001</r>', /U\+1 is not allowed/],
    [']]> in text', '<r>a]]>b</r>', /']]>' is not allowed/],
    ['-- in a comment', '<r><!-- a -- b --></r>', /'--' inside a comment/],
    ['an unterminated comment', '<r><!-- a</r>', /unterminated comment/],
    ['a late XML declaration', '<r/><?xml version="1.0"?>', /must come first/],
    ['a bad XML declaration', '<?xml encoding="UTF-8"?><r/>', /malformed XML declaration/],
    ['a DOCTYPE with an internal subset', '<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>', /internal subset/],
    ['a prefix bound to no namespace', '<r xmlns:p=""/>', /cannot be bound to no namespace/],
    ['a missing space between attributes', '<r a="1"b="2"/>', /whitespace expected/],
  ])('refuses %s', (_what, xml, reason) => {
    expect(syntaxError(xml).message).toMatch(reason);
  });

  it('says on which line and column the fault is', () => {
    const error = syntaxError('<r>\n  <a>\n  </b>\n</r>');
    expect([error.line, error.column]).toEqual([3, 3]);
    expect(error.message).toMatch(/\(line 3, column 3\)$/);
  });

  it('refuses elements nested deeper than it will follow, instead of running out of stack', () => {
    expect(syntaxError(`${'<a>'.repeat(300)}${'</a>'.repeat(300)}`).message).toMatch(/nested more than/);
  });
});
