import { defineConfig } from 'vitest/config';

// The contract suite: one file, checks in order (they share the server's state), long timeouts
// because a paced run against the real API takes minutes.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['contract-tests/contract.test.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
    fileParallelism: false,
  },
});
