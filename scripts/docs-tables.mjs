// The tables of the docs that the code already holds: the CLI's commands, the spec's keys, the listeners and
// their port offsets. Pure: sources in, markdown out. `npm run docs` writes them between marker comments
// (scripts/docs.mjs); test/docs/docs-current.test.ts fails when the committed docs differ.

// Backslash-escapes what markdown would read as markup (`<name>` as HTML, `i*stride` as emphasis, `|` as a
// cell break), except inside code spans, where only `|` needs it (a table splits cells before code spans).
function inline(text) {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? part.replaceAll('|', '\\|') : part.replace(/[<>*|]/g, '\\$&')))
    .join('`');
}

// A code span around `text`, its pipes escaped for a table cell.
const code = (text) => `\`${text.replaceAll('|', '\\|')}\``;

// A markdown table with its columns padded to one width, as the hand-written tables of the docs are.
export function markdownTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, 3, ...rows.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

// The command table: one row per entry of the CLI's table, its usage and its one-line summary.
export function commandsTable(commands) {
  const rows = Object.values(commands).map((c) => [code(c.usage), inline(c.summary)]);
  return markdownTable(['command', 'what it does'], rows);
}

// The listener table: each listener's spec key under `ports`, its offset in an instance's block, its protocol
// and the variable of the env file that carries its port.
export function listenersTable(listeners) {
  const rows = listeners.map((l) => [
    l.label,
    code(`ports.${l.key}`),
    l.offset === null ? 'none: after the last block' : `+${l.offset}`,
    l.protocol.toUpperCase(),
    code(l.envVar),
  ]);
  return markdownTable(['listener', 'spec key', 'offset', 'protocol', 'env variable'], rows);
}

// What a JSON Schema node accepts, in words: "integer 1–65535", "IPv4 or IPv6 address", `"0400"` or `"0440"`.
function typeText(node) {
  if (node.enum) return node.enum.map(defaultText).join(' or ');
  if (node.anyOf) {
    const formats = node.anyOf.map((n) => n.format).filter(Boolean);
    if (formats.length === node.anyOf.length) return `${formats.map(formatName).join(' or ')} address`;
    return node.anyOf.map(typeText).join(' or ');
  }
  if (node.type === 'integer' && node.minimum !== undefined) return `integer ${node.minimum}–${node.maximum}`;
  if (node.type === 'array') return `list of ${typeText(node.items)}s`;
  if (node.type === 'object') return 'mapping';
  return node.type;
}

const formatName = (format) => ({ ipv4: 'IPv4', ipv6: 'IPv6' })[format] ?? format;

// A default as YAML would take it back: strings that YAML reads as numbers ("0400") stay quoted.
function defaultText(value) {
  if (typeof value === 'string' && !Number.isFinite(Number(value))) return code(value);
  return code(JSON.stringify(value));
}

// Splits "What it is. Default: what it defaults to." into its meaning and its default.
function splitDefault(description = '') {
  const match = /^(.*?)\s*Default: (.*?)\.?$/s.exec(description);
  return match ? { meaning: match[1], stated: match[2] } : { meaning: description, stated: undefined };
}

// The default column: the schema's default for a leaf, else what the description states, else "required".
function defaultCell(node, required) {
  const { stated } = splitDefault(node.description);
  if (node.default !== undefined && (typeof node.default !== 'object' || Array.isArray(node.default)))
    return defaultText(node.default);
  if (stated !== undefined) return inline(stated);
  return required ? 'required' : '–';
}

// The mapping a node holds keys in: the node itself, or the one mapping of a union like `true | { ... }`.
function mappingOf(node) {
  if (node.properties) return node;
  if (node.type === 'array' && node.items?.properties) return node.items;
  return node.anyOf?.find((n) => n.properties);
}

// One row per key, parents before their keys (`instances[].ipc`, then `instances[].ipc.address`); a key in
// `notes` gets the note after its meaning and no rows for its own keys.
function keyRows(node, prefix, notes) {
  const mapping = mappingOf(node);
  if (!mapping) return [];
  const required = new Set(mapping.required ?? []);
  return Object.entries(mapping.properties).flatMap(([key, child]) => {
    const path = `${prefix}${key}`;
    const meaning = inline(splitDefault(child.description).meaning);
    const note = notes[path];
    const row = [code(path), typeText(child), defaultCell(child, required.has(key))];
    if (note !== undefined) return [[...row, `${meaning} ${note}`]];
    const keys = keyRows(child, child.type === 'array' ? `${path}[].` : `${path}.`, notes);
    return [[...row, meaning], ...keys];
  });
}

// The spec's keys from its JSON Schema (generated from the zod schema's descriptions). Every key of `defaults`
// must be the instance key of that name; the table says so instead of listing them twice.
export function specKeysTable(schema) {
  const instance = schema.properties.instances.items.properties;
  for (const [key, node] of Object.entries(schema.properties.defaults.properties)) {
    if (JSON.stringify(node) !== JSON.stringify(instance[key]))
      throw new Error(
        `defaults.${key} differs from instances[].${key}: list the keys of defaults in the table`,
      );
  }
  const notes = { defaults: 'Its keys are listed under `instances[]` below.' };
  return markdownTable(['key', 'type', 'default', 'meaning'], keyRows(schema, '', notes));
}

// Every generated block by name, as the marker comments name them.
export function docBlocks({ commands, specSchema, listeners }) {
  return {
    commands: commandsTable(commands),
    'spec-keys': specKeysTable(specSchema),
    listeners: listenersTable(listeners),
  };
}

const BLOCK = /(<!-- generated: ([\w-]+) \(npm run docs\) -->\n)[\s\S]*?(<!-- end generated -->)/g;

// The text with every marked block replaced by the block of that name; throws on a name it does not know.
export function fillGenerated(text, blocks) {
  return text.replace(BLOCK, (_, start, name, end) => {
    if (blocks[name] === undefined) throw new Error(`unknown generated block "${name}"`);
    return `${start}\n${blocks[name]}\n\n${end}`;
  });
}

// The names of the blocks a text has markers for.
export function markedBlocks(text) {
  return [...text.matchAll(BLOCK)].map((m) => m[2]);
}
