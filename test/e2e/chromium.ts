/**
 * Debian's Chromium for the browser tests (/usr/bin/chromium, never a downloaded browser): one per run, started by
 * the browser project's global setup (vitest.config.ts), which every browser file connects to and which closes it
 * (and removes its profile) at the end. Launching Chromium for each file cost more CPU than many of their tests, and a
 * browser per worker, ended with the worker's process, left its profile behind in the temporary folder.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';

export const CHROMIUM_PATH = '/usr/bin/chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's Chromium (`chromium.connect`), or '' when it is not installed. */
    chromiumEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!existsSync(CHROMIUM_PATH)) {
    project.provide('chromiumEndpoint', '');
    return undefined;
  }
  const server = await chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return () => server.close();
}
