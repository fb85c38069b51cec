// The environment an instance's ncs and its clients run with: the caller's, minus what the env file unsets,
// plus the env file's variables and a distinct Erlang node name.

export interface InstanceEnvSource {
  env: Record<string, string>;
  unset: string[];
}

// Composes the child environment, as sourcing the env file would: `base` (usually process.env) without what
// the file unsets, plus its variables. Give the result whole to a child (execa: `extendEnv: false`).
export function instanceProcessEnv(
  base: NodeJS.ProcessEnv,
  source: InstanceEnvSource,
  extra: Record<string, string> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) out[key] = value;
  for (const key of source.unset) delete out[key];
  return { ...out, ...source.env, ...extra };
}
