import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    // The build-failure tests run real `astro build`s of fixture sites.
    testTimeout: 120_000,
  },
});
