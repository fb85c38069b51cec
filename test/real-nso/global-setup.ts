// Finds (or installs) the real NSO once for the whole run and hands it to every test file. In CI
// (CI=true) a run without NSO fails here instead of skipping the suite.
import type { TestProject } from 'vitest/node';
import { locateNso, type NsoLocation } from './locate-nso.js';

declare module 'vitest' {
  export interface ProvidedContext {
    realNso: NsoLocation;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const location = await locateNso();
  if (location.reason && process.env.CI === 'true') {
    throw new Error(`the real-NSO suite must run in CI, but ${location.reason}`);
  }
  project.provide('realNso', location);
}
