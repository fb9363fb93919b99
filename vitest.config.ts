import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Every frame Ink draws is checked against the bundle's stand-in for its Output class.
    setupFiles: ['test/ink-output-check.ts'],
    // Many tests run the built binary several times; a loaded machine (CI beside other work) makes each call slower.
    testTimeout: 90000,
    // Ink reads the colour level at import time; stable frames need no ANSI colour.
    // CI runs with CI=true, under which Ink writes only the last frame; the terminal tests need every frame.
    env: { FORCE_COLOR: '0', CI: 'false' },
  },
});
