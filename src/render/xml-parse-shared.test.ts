import { describe, expect, it } from 'vitest';
import { parseXmlShared } from './xml-parse.js';

const XML = '<ncs-config><port>1</port></ncs-config>';

describe('parseXmlShared', () => {
  it('parses a file once while its text stays the same', () => {
    const first = parseXmlShared(XML, '/shared/a.xml');
    expect(parseXmlShared(XML, '/shared/a.xml')).toBe(first);
    expect(first.doc.documentElement?.tagName).toBe('ncs-config');
  });

  it('parses again when the text of the file changed, and keeps files apart', () => {
    const first = parseXmlShared(XML, '/shared/b.xml');
    const changed = parseXmlShared(XML.replace('1', '2'), '/shared/b.xml');
    expect(changed).not.toBe(first);
    expect(changed.source).toContain('<port>2</port>');
    expect(parseXmlShared(XML, '/shared/c.xml')).not.toBe(first);
  });

  it('throws TEMPLATE_INVALID every time for malformed XML', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => parseXmlShared('<ncs-config><port>', '/shared/bad.xml')).toThrow(
        /bad\.xml.*not well-formed/,
      );
    }
  });
});
