// Each instance after `defaults` were merged and defaults applied, with the origin of every key.
import { resolve } from 'node:path';
import type { NetsimNetwork } from '../model.js';
import { type InstanceSettings, instanceSchema } from './instance-schema.js';
import { expandSwitchShorthands, hasKeyPath, mergeUnder, rawKey } from './merge-defaults.js';
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
  /** The `netsim` networks with their NED folders absolute; optional like `packages`. */
  netsim?: NetsimNetwork[];
  /** Where a key of this instance was written: in the instance, in `defaults`, else the instance itself. */
  origin(keys: readonly string[]): SpecPath;
}

// Builds a view of every instance that is valid on its own (invalid ones were reported by the schema already).
// `written`: the schema's output for each instance as written, when the whole file passed the schema.
export function instanceViews(
  raw: unknown,
  dir: string,
  bundledTemplate: string,
  written?: readonly InstanceSettings[],
): InstanceView[] {
  const defaults = rawKey(raw, 'defaults') ?? {};
  const instances = rawKey(raw, 'instances');
  if (!Array.isArray(instances)) return [];
  const views: InstanceView[] = [];
  instances.forEach((instance: unknown, index) => {
    const merged = mergeUnder(expandSwitchShorthands(defaults), expandSwitchShorthands(instance));
    const settings = mergedSettings(merged, instance, written?.[index]);
    if (settings === undefined) return;
    const given = settings.template;
    views.push({
      index,
      settings,
      template: given === undefined ? bundledTemplate : resolve(dir, given),
      packages: settings.packages.map((path) => resolve(dir, path)),
      cdbInit: settings.cdbInit.map((path) => resolve(dir, path)),
      netsim: settings.netsim.map((network) => ({ ...network, ned: resolve(dir, network.ned) })),
      origin: (keys) => {
        if (hasKeyPath(instance, keys)) return ['instances', index, ...keys];
        if (hasKeyPath(defaults, keys)) return ['defaults', ...keys];
        return ['instances', index];
      },
    });
  });
  return views;
}

// The schema's output for the merged instance. When `defaults` add nothing, the merged instance equals the one
// written, whose output the whole file's parse already holds: one zod pass per instance instead of two.
function mergedSettings(
  merged: unknown,
  instance: unknown,
  writtenSettings: InstanceSettings | undefined,
): InstanceSettings | undefined {
  if (writtenSettings !== undefined && sameData(merged, instance)) return writtenSettings;
  const parsed = instanceSchema.safeParse(merged);
  return parsed.success ? parsed.data : undefined;
}

// Equality of spec data (mappings, lists, scalars). Much cheaper than util.isDeepStrictEqual on a thousand
// instances; anything but a plain mapping or list is equal only to itself.
function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!isDataNode(a) || !isDataNode(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const other = b as Record<string, unknown>;
  return keys.every(
    (key) => Object.hasOwn(other, key) && sameData((a as Record<string, unknown>)[key], other[key]),
  );
}

function isDataNode(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === Array.prototype || proto === null;
}
