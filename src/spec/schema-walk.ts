// Finds the schema node that validates a given spec path, to get its known keys and fix text.
import { z } from 'zod';
import type { SpecPath } from './spec-path.js';

// The node itself and every node it wraps (optional, default, prefault, the input side of a transform, the one
// mapping of a union like `true | { ... }`), outermost first.
export function schemaLayers(schema: z.ZodType): z.ZodType[] {
  const layers: z.ZodType[] = [schema];
  let current: z.ZodType | undefined = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else if (current instanceof z.ZodUnion) {
      const options: readonly z.ZodType[] = current.options as readonly z.ZodType[];
      const mappings: z.ZodType[] = options.filter((o) => o instanceof z.ZodObject);
      current = mappings.length === 1 ? mappings[0] : undefined;
    } else {
      return layers;
    }
    if (current === undefined) return layers;
    layers.push(current);
  }
}

// Returns the schema node that validates the value at `path`, or undefined when the path leaves the schema.
export function schemaAt(root: z.ZodType, path: SpecPath): z.ZodType | undefined {
  let node: z.ZodType | undefined = root;
  for (const segment of path) {
    const inner: z.ZodType | undefined = node === undefined ? undefined : schemaLayers(node).at(-1);
    if (inner instanceof z.ZodObject && typeof segment === 'string') {
      node = (inner.shape as Record<string, z.ZodType | undefined>)[segment];
    } else if (inner instanceof z.ZodArray && typeof segment === 'number') {
      node = inner.element as z.ZodType;
    } else {
      return undefined;
    }
  }
  return node;
}

// The keys an object node at `path` accepts (empty when it is not an object).
export function knownKeysAt(root: z.ZodType, path: SpecPath): string[] {
  const node = schemaAt(root, path);
  const inner = node === undefined ? undefined : schemaLayers(node).at(-1);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}
