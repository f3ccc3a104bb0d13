#!/usr/bin/env node
// Entry point of the `avisa` command. The TypeScript sources are compiled to dist/ by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('avisa: dist/ is missing — run `npm run build` first.');
  process.exit(1);
}
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`avisa: Node ${process.versions.node} is too old; Avisa needs Node 22 or newer (npm scripts use the bundled Node 24).`);
  process.exit(1);
}
await import(main);
