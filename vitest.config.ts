import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    // Open-time verification stamps (db/files/verified.ts) go to the git-ignored test-output/, never to the user's
    // own cache folder; CLI children inherit it.
    env: { RISK_REGISTER_CACHE_DIR: fileURLToPath(new URL('./test-output/cache', import.meta.url)) },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // CLI tests spawn Node processes; a loaded 2-core CI machine can take seconds per spawn. Hooks start and
          // stop PostgreSQL clusters and proxies. Time-outs here catch hangs only: CI never fails on wall time.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.tsx', 'test/renderer/**/*.test.ts'],
          environment: 'jsdom',
          setupFiles: ['test/renderer/setup.ts'],
          // jsdom renders of whole views take seconds at a load of 30 on 2 cores; a hang still fails.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
