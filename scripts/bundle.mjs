// Bundles the server's entry points into single ESM files over the tsc output (`npm run build:server`).
// Why: Node 24 and 26 keep ~0.4 MB per loaded ES module, and drizzle-orm's ESM build alone is ~450 modules — a process
// importing it unbundled starts at ~240 MB RSS, bundled at ~45 MB (measured: `import('drizzle-orm/pg-core')`).
// Packages that are CommonJS (cheap to load), that resolve assets relative to their own files (PGlite's WASM,
// pino's transports), or that must stay one instance with their plugins (zod), stay external.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const bundled = new Set(['drizzle-orm', 'libphonenumber-js', 'croner', 'csv-parse']);
const external = Object.keys(pkg.dependencies).filter((name) => !bundled.has(name)).flatMap((name) => [name, `${name}/*`]);

await build({
  entryPoints: {
    'cli/main': 'src/cli/main.ts',
    'bench/main': 'src/bench/main.ts',
    'bench/export-child': 'src/bench/export-child.ts',
    // The demo's producer thread (src/ingest/demo/producer-thread.ts).
    'ingest/demo/producer-worker': 'src/ingest/demo/producer-worker.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external,
  sourcemap: true,
  logLevel: 'warning',
  // CommonJS code inside the bundle may call require(): give it one.
  banner: { js: "import { createRequire as __avisaRequire } from 'node:module'; const require = __avisaRequire(import.meta.url);" },
});
