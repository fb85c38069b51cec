// Script: writes schema/nso-multi.schema.json at the package root (`node dist/spec/write-json-schema.js`).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { specJsonSchemaFile, specJsonSchemaText } from './json-schema.js';

const file = specJsonSchemaFile();
await mkdir(dirname(file), { recursive: true });
await writeFile(file, specJsonSchemaText());
process.stderr.write(`wrote ${file}\n`);
