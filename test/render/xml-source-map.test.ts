import type { Element, Node } from '@xmldom/xmldom';
import { XMLSerializer } from '@xmldom/xmldom';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXmlStrict } from '../../src/render/xml-parse.js';
import { serializePreserving } from '../../src/render/xml-preserving-serializer.js';
import { mapSource } from '../../src/render/xml-source-map.js';

const joined = (pieces: string[], max = 6) =>
  fc.array(fc.constantFrom(...pieces), { maxLength: max }).map((a) => a.join(''));

const space = joined([' ', '\n', '\t', '\r\n'], 3);
const name = fc.constantFrom('a', 'b-c', 'd.e', 'x:f', '_g1');
const text = joined([
  't',
  ' ',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '&amp;',
  '&gt;',
  '>',
  '&#x41;',
  '&apos;',
  '"',
  "'",
  'ü',
  '😀',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as NSO and shells see it
  '${NCS_DIR}',
]);
const comment = joined([' c ', 'x', '\n', '<tag>', '&', "'"]).map((c) => `<!--${c}-->`);
const cdata = joined(['<', '&', 'x', ']', ' ', '\n']).map((c) => `<![CDATA[${c}]]>`);
const pi = joined(['d', ' ', '>', '"']).map((d) => (d === '' ? '<?pi?>' : `<?pi ${d}?>`));
const attribute = fc
  .tuple(
    fc.constantFrom('k', 'l-m', 'x:n'),
    fc.constantFrom('"', "'"),
    joined(['v', ' ', '>', '&amp;', '&#65;', '&quot;', '\t', '\r\n']),
  )
  .map(([key, quote, value]) => ({
    key,
    text: `${key}=${quote}${value}${quote === '"' ? "'" : '"'}${quote}`,
  }));
const attributes = fc
  .uniqueArray(attribute, { selector: (a) => a.key, maxLength: 3 })
  .chain((list) =>
    fc.tuple(
      fc.constant(list),
      fc.array(
        space.map((s) => s || ' '),
        { minLength: list.length, maxLength: list.length },
      ),
    ),
  )
  .map(([list, gaps]) => list.map((a, i) => `${gaps[i]}${a.text}`).join(''));

const { element } = fc.letrec<{ element: string; content: string }>((tie) => ({
  element: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(name, attributes, space).map(([n, a, s]) => `<${n}${a}${s}/>`),
    fc
      .tuple(name, attributes, space, tie('content'), space)
      .map(([n, a, s, c, s2]) => `<${n}${a}${s}>${c}</${n}${s2}>`),
  ),
  content: fc
    .array(fc.oneof({ depthSize: 'small' }, text, comment, cdata, pi, tie('element')), { maxLength: 5 })
    .map((parts) => parts.join('')),
}));

const documentText = fc
  .tuple(
    fc.constantFrom('', '<?xml version="1.0"?>\n', "<?xml version='1.0' encoding='UTF-8'?>\r\n"),
    fc.constantFrom('', '<!-- head -->\n', '<?pi x?>', '<!DOCTYPE a>\n'),
    element,
    fc.constantFrom('', '\n', '\n<!-- tail -->\n'),
  )
  .map(
    ([decl, head, root, tail]) =>
      `${decl}${head}${root.replace(/^<([\w.:-]+)/, '<$1 xmlns:x="urn:x"')}${tail}`,
  );

function elementsOf(node: Node): Element[] {
  const found: Element[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === 1) found.push(child as Element, ...elementsOf(child));
  }
  return found;
}

describe('mapSource and serializePreserving', () => {
  it('write an unedited document back byte for byte', () => {
    fc.assert(
      fc.property(documentText, fc.boolean(), (xml, withBom) => {
        const input = withBom ? `\uFEFF${xml}` : xml;
        const { doc, source, bom } = parseXmlStrict(input, 'generated.xml');
        const map = mapSource(doc, source);
        expect(map).not.toBeNull();
        expect(serializePreserving(doc, map, bom)).toBe(input);
      }),
      { numRuns: 400 },
    );
  });

  it('write an edited document as XML that parses to the edited tree', () => {
    fc.assert(
      fc.property(documentText, fc.nat(), fc.constantFrom('text', 'append', 'remove'), (xml, pick, edit) => {
        const { doc, source, bom } = parseXmlStrict(xml, 'generated.xml');
        const map = mapSource(doc, source);
        const root = doc.documentElement!;
        const targets = [root, ...elementsOf(root)];
        const target = targets[pick % targets.length]!;
        if (edit === 'text') {
          while (target.firstChild !== null) target.removeChild(target.firstChild);
          target.appendChild(doc.createTextNode('new & <value> "\'\r\n'));
        } else if (edit === 'append') {
          const added = doc.createElementNS(
            target.namespaceURI,
            target.prefix ? `${target.prefix}:new` : 'new',
          );
          added.appendChild(doc.createTextNode('v'));
          target.appendChild(added);
        } else if (target.parentNode !== null && target !== root) {
          target.parentNode.removeChild(target);
        }
        const written = serializePreserving(doc, map, bom);
        const reread = parseXmlStrict(written, 'written.xml').doc;
        const serializer = new XMLSerializer();
        expect(serializer.serializeToString(reread)).toBe(serializer.serializeToString(doc));
      }),
      { numRuns: 300 },
    );
  });

  it('falls back to xmldom serialization without a source map', () => {
    const { doc } = parseXmlStrict("<a x='1'><b></b><!--c--></a>", 't.xml');
    expect(serializePreserving(doc, null, '')).toBe('<a x="1"><b/><!--c--></a>');
  });
});
