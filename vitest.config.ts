import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Every process of the run (workers, the CLIs and daemons they spawn) shares this private lease registry.
process.env.NSO_MULTI_LEASE_DIR ??= join(tmpdir(), `nso-multi-test-leases-${process.pid}`);
// … and, on Node.js 22+, one private compile cache for the CLIs they run (src/cli/main.ts), not Node's shared one.
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), `nso-multi-test-cache-${process.pid}`);

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'nso-multi',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [
            '**/node_modules/**',
            'dist/**',
            'test/fixtures/**',
            'test/examples/**',
            'test/real-nso/**',
          ],
        },
      },
      'test/examples/vitest.config.ts',
      'test/real-nso/vitest.config.ts',
    ],
  },
});
