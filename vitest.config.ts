import { defineConfig } from 'vitest/config';
import LongestFirst from './src/test-support/sequencer.js';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['src/test-support/global-setup.ts'],
    setupFiles: ['src/test-support/runtime-check.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // 2-core machines: PGlite is CPU-bound WASM, more workers than cores only adds contention.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
  },
});
