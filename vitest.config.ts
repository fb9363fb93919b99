import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30000,
    // Ink reads the colour level at import time; stable frames need no ANSI colour.
    env: { FORCE_COLOR: '0' },
  },
});
