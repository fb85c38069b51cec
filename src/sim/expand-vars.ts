// `${VAR}` and `${VAR:-default}` in ncs.conf values, expanded from the environment as NSO 6.3 and later do.

const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** A `${VAR}` without a default whose variable is not set. */
export interface UndefinedVariable {
  name: string;
}

// Expands every reference in `text`; returns the first undefined variable instead when there is one.
export function expandVars(
  text: string,
  env: NodeJS.ProcessEnv,
): { value: string } | { undefinedVariable: UndefinedVariable } {
  let missing: string | null = null;
  const value = text.replace(reference, (whole, name: string, fallback: string | undefined) => {
    const set = env[name];
    // Like the shell's `:-`, an empty variable takes the default too.
    if (fallback !== undefined) return set === undefined || set === '' ? fallback : set;
    if (set === undefined) {
      missing ??= name;
      return whole;
    }
    return set;
  });
  return missing === null ? { value } : { undefinedVariable: { name: missing } };
}
