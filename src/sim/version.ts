// The NSO version the simulator pretends to be.

export const DEFAULT_SIM_VERSION = '6.2.5-sim';

// `NSO_MULTI_SIM_VERSION` lets tests pretend to be another release (e.g. 6.4).
export function simVersion(env: NodeJS.ProcessEnv): string {
  return env.NSO_MULTI_SIM_VERSION || DEFAULT_SIM_VERSION;
}
