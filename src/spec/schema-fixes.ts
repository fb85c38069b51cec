// Fix texts attached to schema nodes, kept out of the JSON Schema: a problem's "how to fix" comes from here.
import { z } from 'zod';

/** How to fix a value rejected by a schema node; a function sees the rejected input. */
export interface FixMeta {
  fix: string | ((input: unknown) => string);
  /** A plainer message than the generic one for some inputs (undefined keeps the generic message). */
  message?: (input: unknown) => string | undefined;
}

/** The registry zod-problems.ts consults for the schema node at a problem's path. */
export const fixes = z.registry<FixMeta>();

// Registers a fix text (and optionally a message) for a schema node and returns the node, so fixes sit beside
// the schema they explain.
export function withFix<T extends z.ZodType>(
  schema: T,
  fix: FixMeta['fix'],
  message?: FixMeta['message'],
): T {
  fixes.add(schema as z.ZodType, message === undefined ? { fix } : { fix, message });
  return schema;
}

// Builds the fix for values YAML turned into numbers although a string was meant (0400 → 400, 6.10 → 6.1).
export function quoteFix(key: string, example: string, otherwise: string): (input: unknown) => string {
  return (input) =>
    typeof input === 'number'
      ? `quote it, e.g. \`${key}: "${example}"\` (unquoted, YAML reads a number)`
      : otherwise;
}
