import { configDefaults, defineConfig } from 'vitest/config';
import LongestFirst from './src/test-support/sequencer.js';

export default defineConfig({
  test: {
    globalSetup: ['src/test-support/global-setup.ts'],
    setupFiles: ['src/test-support/runtime-check.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // 2-core machines: PGlite is CPU-bound WASM, more workers than cores only adds contention.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    projects: [
      // The modules' own tests share a worker's loaded modules (each file still opens its own database and server):
      // starting a fresh process and importing the app again for each of ~150 files cost more than the tests.
      { extends: true, test: { name: 'src', include: ['src/**/*.test.ts'], isolate: false } },
      // The browser tests share them too (each file still starts its own server and database; a fresh process per file
      // spent longer importing the app than most of the files' tests), and one Chromium for the run, each file with a
      // browser context of its own (test/e2e/chromium.ts).
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          isolate: false,
          globalSetup: ['test/e2e/chromium.ts'],
        },
      },
      // CLI, crash and scale tests each get a fresh process.
      { extends: true, test: { name: 'system', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/e2e/**'] } },
    ],
  },
});
