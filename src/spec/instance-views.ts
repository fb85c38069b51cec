// Each instance after `defaults` were merged and defaults applied, with the origin of every key.
import { resolve } from 'node:path';
import { type InstanceSettings, instanceSchema } from './instance-schema.js';
import { hasKeyPath, mergeUnder, rawKey } from './merge-defaults.js';
import type { SpecPath } from './spec-path.js';

export interface InstanceView {
  /** Position in `instances` (0-based). */
  index: number;
  settings: InstanceSettings;
  /** The template, absolute: as given (relative to the spec's folder) or the bundled one. */
  template: string;
  /** The `packages` folders and `cdbInit` files, absolute (relative ones are resolved against the spec's folder);
   * optional so that views built by hand (tests) need not list them. */
  packages?: string[];
  cdbInit?: string[];
  /** Where a key of this instance was written: in the instance, in `defaults`, else the instance itself. */
  origin(keys: readonly string[]): SpecPath;
}

// Builds a view of every instance that is valid on its own (invalid ones were reported by the schema already).
export function instanceViews(raw: unknown, dir: string, bundledTemplate: string): InstanceView[] {
  const defaults = rawKey(raw, 'defaults') ?? {};
  const instances = rawKey(raw, 'instances');
  if (!Array.isArray(instances)) return [];
  const views: InstanceView[] = [];
  instances.forEach((instance: unknown, index) => {
    const parsed = instanceSchema.safeParse(mergeUnder(defaults, instance));
    if (!parsed.success) return;
    const given = parsed.data.template;
    views.push({
      index,
      settings: parsed.data,
      template: given === undefined ? bundledTemplate : resolve(dir, given),
      packages: parsed.data.packages.map((path) => resolve(dir, path)),
      cdbInit: parsed.data.cdbInit.map((path) => resolve(dir, path)),
      origin: (keys) => {
        if (hasKeyPath(instance, keys)) return ['instances', index, ...keys];
        if (hasKeyPath(defaults, keys)) return ['defaults', ...keys];
        return ['instances', index];
      },
    });
  });
  return views;
}
