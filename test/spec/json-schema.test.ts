import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { specJsonSchema, specJsonSchemaFile, specJsonSchemaText } from '../../src/spec/json-schema.js';

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  required?: string[];
  additionalProperties?: boolean;
}

// Walks a value against the schema's object/array structure; returns the paths of keys the schema lacks.
function unknownKeys(value: unknown, node: SchemaNode, path: string): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, i) => unknownKeys(item, node.items ?? {}, `${path}.${i}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const child = node.properties?.[key];
    return child ? unknownKeys(inner, child, `${path}.${key}`) : [`${path}.${key}`];
  });
}

describe('the JSON Schema', () => {
  it('on disk equals the one generated from the zod schema (run `npm run schema` after changing it)', async () => {
    expect(await readFile(specJsonSchemaFile(), 'utf8')).toBe(specJsonSchemaText());
  });

  it('has $schema, $id, title and description first', () => {
    expect(Object.keys(specJsonSchema()).slice(0, 4)).toEqual(['$schema', '$id', 'title', 'type']);
    expect(specJsonSchema()).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'nso-multi spec',
      description: expect.stringContaining('NSO'),
    });
  });

  it('requires only instances and names; keys with defaults stay optional and show the default', () => {
    const schema = specJsonSchema() as SchemaNode;
    expect(schema.required).toEqual(['instances']);
    expect(schema.properties?.instances?.items?.required).toEqual(['name']);
    expect(schema.properties?.workdir).toMatchObject({ default: '.nso-multi' });
    expect(schema.properties?.layout?.properties?.base).toMatchObject({ default: 20000, minimum: 1024 });
    expect(schema.additionalProperties).toBe(false);
  });

  it('knows every key the example spec uses', async () => {
    const example = parse(await readFile(join(import.meta.dirname, '../../instances.example.yaml'), 'utf8'));
    expect(unknownKeys(example, specJsonSchema() as SchemaNode, '')).toEqual([]);
    expect(
      unknownKeys({ instances: [{ name: 'a', portz: {} }] }, specJsonSchema() as SchemaNode, ''),
    ).toEqual(['.instances.0.portz']);
  });
});
