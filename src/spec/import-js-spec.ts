// Imports a spec written in JavaScript (nso-multi.config.js / .mjs) and returns its default export.
//
// A module of its own, imported lazily: the CLI's bundle keeps it in a chunk of its own, which Node compiles
// itself, since Node 20 cannot serve import() from a chunk that came out of the CLI's code cache
// (src/cli/compile-cache.ts leaves every chunk that contains an import() to Node).
import { pathToFileURL } from 'node:url';

export async function importJsSpec(specFile: string): Promise<unknown> {
  const module = (await import(pathToFileURL(specFile).href)) as { default?: unknown };
  return module.default;
}
