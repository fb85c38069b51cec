// Deep-merges `defaults` under an instance and tells where each key was written.

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Merges `over` onto `base`: mappings merge key by key, any other value in `over` replaces the one in `base`.
export function mergeUnder(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    merged[key] = key in base ? mergeUnder(base[key], value) : value;
  }
  return merged;
}

// Tells whether `value` has the nested key path with a defined value.
export function hasKeyPath(value: unknown, keys: readonly string[]): boolean {
  let current: unknown = value;
  for (const key of keys) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return false;
    current = current[key];
  }
  return current !== undefined;
}

// Reads a key of raw (unvalidated) data, or undefined when it is not a mapping.
export function rawKey(value: unknown, key: string): unknown {
  return isPlainObject(value) ? value[key] : undefined;
}

/** Keys that take `true`/`false` as short for `{ enabled: true/false }`. */
const SWITCH_SHORTHAND_KEYS = ['snmp'] as const;

// Spells out the boolean shorthands of an instance or `defaults` as mappings, so that merging `snmp: true` over
// `snmp: { address: ... }` keeps the address instead of replacing the mapping.
export function expandSwitchShorthands(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  let expanded: Record<string, unknown> | undefined;
  for (const key of SWITCH_SHORTHAND_KEYS) {
    const setting = value[key];
    if (typeof setting !== 'boolean') continue;
    expanded ??= { ...value };
    expanded[key] = { enabled: setting };
  }
  return expanded ?? value;
}
