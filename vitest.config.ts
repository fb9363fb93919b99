import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30000,
    // Ink reads the colour level at import time; stable frames need no ANSI colour.
    // CI runs with CI=true, under which Ink writes only the last frame; the terminal tests need every frame.
    env: { FORCE_COLOR: '0', CI: 'false' },
  },
});
