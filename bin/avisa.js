#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 node --max-old-space-size=1024 --max-semi-space-size=4 --v8-pool-size=1
// Entry point of the `avisa` command. The TypeScript sources are compiled to dist/ by `npm run build`.
// The Node flags above are Avisa's memory profile (src/cli/launch.ts reads them from this line): with an explicit
// old-space ceiling and a 4 MB young generation V8 sizes its heap to what is live instead of letting garbage pile
// up to hundreds of MB — a 95,739-message drain peaks at ~170 MB instead of ~400 MB, at the same speed; one V8
// worker thread instead of four saves ~40 MB of per-thread allocator arenas (I/O-bound work does not miss them).
// The two MALLOC_ settings are glibc's (README, "The `npm start` process: memory"): two malloc arenas instead of one
// per thread, and blocks of 128 KB or more always mapped on their own and returned when freed. With glibc's default
// a freed large block raises that threshold, so later ones come from the arenas, which keep them: three CSV exports
// grew the idle demo server from 267 to 320 MB; with these settings, 240 to 252 MB.
// Start Avisa as `avisa …` (or `node <these flags> bin/avisa.js …`) to keep them.
// Node 24 is not advised with the embedded database: its V8 compiles PGlite's SQL parser with ~600 MB of transient
// memory (Node 22 and 26: ~25 MB), so every embedded process peaks near 800 MB shortly after start.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('avisa: dist/ is missing — run `npm run build` first.');
  process.exit(1);
}
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`avisa: Node ${process.versions.node} is too old; Avisa needs Node 22 or newer (npm scripts use the bundled Node 26).`);
  process.exit(1);
}
await import(main);
