// The real-NSO suite as its own vitest project: `npx vitest run --project real-nso` runs it alone.
// Every test here starts real NSO 6.2.5 daemons (see global-setup.ts for where the installation comes from).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'real-nso',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    pool: 'forks',
    // NSO daemons take a CPU each while they boot; two files at a time keep a 2-CPU runner responsive.
    maxWorkers: 2,
    // A project with its own maxWorkers runs in a group of its own: after the fast tests, never beside them.
    sequence: { groupOrder: 1 },
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
