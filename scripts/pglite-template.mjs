// Makes dist/pglite-template/, the empty cluster every new embedded data directory is copied from
// (src/db/pglite-template.ts), after tsc has compiled it (`npm run build:server`).
import { writePgliteTemplate } from '../dist/db/pglite-template.js';

console.log(`empty PGlite cluster: ${await writePgliteTemplate()}`);
