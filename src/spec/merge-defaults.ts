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
