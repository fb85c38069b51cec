// The spec's schema (zod 4): one source for validation, defaults, descriptions and the JSON Schema for editors.
import { z } from 'zod';
import { defaultsSchema, instanceSchema } from './instance-schema.js';
import { type TokenRule, tokenFix, tokenMessage } from './name-token.js';
import { quoteFix, withFix } from './schema-fixes.js';

const PROJECT_RULE: TokenRule = {
  key: 'project',
  allowed: /^[A-Za-z0-9._-]$/,
  allowedText: 'letters, digits, ".", "-" and "_"',
  max: 63,
  example: 'lab',
  why: 'it labels the project in output, leases and NSO_MULTI_PROJECT',
};

const project = withFix(
  z.string().regex(/^(?!\.{1,2}$)[A-Za-z0-9._-]{1,63}$/),
  tokenFix(PROJECT_RULE),
  (input) => tokenMessage(input, PROJECT_RULE),
);

const folder = () => withFix(z.string().min(1), 'give a folder, relative to the spec file');

// A scalar where a mapping with one main key belongs (`nso: "6.2"`): show the mapping it was meant to be.
const mappingFix =
  (key: string, inner: string) =>
  (input: unknown): string => {
    if (input === null) return 'give it a value, or remove the key';
    if (typeof input === 'string' || typeof input === 'number') {
      return `write \`${key}: { ${inner}: ${JSON.stringify(String(input))} }\``;
    }
    return `write \`${inner}\` under it, e.g. \`${key}: { ${inner}: ... }\`, or remove it`;
  };

const nso = z
  .strictObject({
    version: withFix(
      z.string().regex(/^\d+(\.\d+){1,3}$/),
      quoteFix('version', '6.2', 'use a version like "6.2" or "6.4.1"'),
    )
      .optional()
      .describe('Target NSO version like "6.2" or "6.4.1". Default: what `ncs --version` says, else 6.2.'),
  })
  .describe('The NSO release the instances run.');
withFix(nso, mappingFix('nso', 'version'));

const ncs = z
  .strictObject({
    command: withFix(z.string().min(1), 'give `sim`, a path to ncs, or a command name on PATH')
      .optional()
      .describe(
        'The `ncs` to run: `sim` for the bundled simulator, a path (relative to the spec) or a command name. Default: --ncs, else $NCS_DIR/bin/ncs, else ncs on PATH.',
      ),
  })
  .describe('Which NSO runs the instances.');
withFix(ncs, mappingFix('ncs', 'command'));

const layout = z
  .strictObject({
    base: withFix(
      z.int().min(1024).max(65535),
      'use an integer 1024..65535 (below 32768 keeps clear of the ephemeral range)',
    )
      .default(20000)
      .describe(
        'Generated ports start here: instance i (1-based) owns [base + i*stride, base + (i+1)*stride).',
      ),
    stride: withFix(z.int().min(4).max(65535), 'use an integer of at least 4')
      .default(10)
      .describe('Ports per instance block; at least 4 (ipc, netconfSsh, netconfTcp, cliSsh).'),
  })
  .describe('Where generated ports come from.');

const instances = withFix(
  z.array(instanceSchema).min(1),
  'add a list of instances, e.g. `instances: [{ name: nso1 }, { name: nso2 }]`',
);

/** The whole spec file as the user writes it. */
export const specFileSchema = withFix(
  z
    .strictObject({
      $schema: z.string().optional().describe('JSON Schema for editors; ignored by nso-multi.'),
      project: project
        .optional()
        .describe("Project name: 1–63 letters, digits, '.', '-' or '_'. Default: the spec folder's name."),
      workdir: folder()
        .default('.nso-multi')
        .describe("Folder of the instances' run folders (<workdir>/<name>/), relative to the spec's folder."),
      envDir: folder()
        .default('.')
        .describe("Folder of the env files (<envDir>/.env.<name>), relative to the spec's folder."),
      nso: nso.prefault({}),
      ncs: ncs.prefault({}),
      layout: layout.prefault({}),
      defaults: defaultsSchema,
      instances: instances.describe('The NSO instances, in port-layout order.'),
    })
    .describe('An nso-multi spec: several NSO instances side by side on one host.'),
  'write a mapping with an `instances:` list; see instances.example.yaml',
);

export type SpecFileInput = z.input<typeof specFileSchema>;
export type SpecFile = z.output<typeof specFileSchema>;
