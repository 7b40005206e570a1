import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
    globalSetup: ['src/store/testing/global-setup.ts'],
    // Integration suites start real servers and databases; give them room on a 2-core CI box.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
