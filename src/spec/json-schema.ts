// The JSON Schema for editors (yaml-language-server, VS Code), generated from the zod schema so the two agree.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { specFileSchema } from './schema.js';

/** Where the published schema can be fetched; the package ships it as schema/nso-multi.schema.json. */
export const SPEC_SCHEMA_ID = 'https://unpkg.com/nso-multi/schema/nso-multi.schema.json';

// Builds the JSON Schema of the spec file from the input side, so keys with defaults stay optional.
export function specJsonSchema(): Record<string, unknown> {
  const { $schema, ...generated } = z.toJSONSchema(specFileSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    $schema,
    $id: SPEC_SCHEMA_ID,
    title: 'nso-multi spec',
    ...generated,
  };
}

// The schema file's text: 2-space JSON and a final newline.
export function specJsonSchemaText(): string {
  return `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
}

// The schema file at the package root (this file sits two levels down in src/ and dist/).
export function specJsonSchemaFile(): string {
  return fileURLToPath(new URL('../../schema/nso-multi.schema.json', import.meta.url));
}
