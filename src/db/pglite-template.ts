/**
 * A new embedded data directory starts as a copy of an empty cluster made at build time (`npm run build:server`
 * writes dist/pglite-template/), not from PGlite's `initdb`. That `initdb` runs two more WebAssembly instances in
 * the process (a second PGlite and initdb.wasm) and dumps and reloads their cluster: an `avisa demo` creating its
 * directory peaked at 761–790 MB, and the process kept ~500 MB. Copied files are opened like any existing
 * directory (~230 MB). The copy is what `initdb` makes and nothing more: the migrations run on it as on any new
 * directory. Without the template (code run from the sources before a build), PGlite's `initdb` runs as before.
 */
import { chmodSync, cpSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

/** From dist/db/ and src/db/ (and the bundles in dist/*) alike: in the package's dist folder. */
const PGLITE_TEMPLATE = fileURLToPath(new URL('../../dist/pglite-template', import.meta.url));

/** PostgreSQL's mark of a data directory: copied last, so a copy cut short is copied again at the next start. */
const MARK = 'PG_VERSION';

/** Makes the empty cluster of this PGlite version in the directory `path` (replacing what was there); returns `path`. */
export async function writePgliteTemplate(path = PGLITE_TEMPLATE): Promise<string> {
  const partial = `${path}.${process.pid}.tmp`;
  rmSync(partial, { recursive: true, force: true });
  const client = await PGlite.create(partial);
  await client.close();
  // Readable by every user (an empty cluster holds nothing private): the container image runs Avisa as a user
  // that does not own dist/. Each copy is made private again (seedDataDir).
  setModes(partial, 0o755, 0o644);
  rmSync(path, { recursive: true, force: true });
  renameSync(partial, path);
  return path;
}

/**
 * Copies the template into `dataDir` when that holds no cluster yet; says whether it did (false: the directory
 * already holds one, or there is no template).
 */
export function seedDataDir(dataDir: string, template = PGLITE_TEMPLATE): boolean {
  if (existsSync(join(dataDir, MARK)) || !existsSync(join(template, MARK))) return false;
  cpSync(template, dataDir, { recursive: true, filter: (source) => source !== join(template, MARK) });
  cpSync(join(template, MARK), join(dataDir, MARK));
  // As initdb leaves them: the owner's alone.
  setModes(dataDir, 0o700, 0o600, template);
  return true;
}

/** Sets the mode of every directory and file under `root` (those that exist under `like`, when given). */
function setModes(root: string, directories: number, files: number, like = root): void {
  for (const entry of readdirSync(like, { recursive: true, withFileTypes: true })) {
    const path = join(root, entry.parentPath.slice(like.length), entry.name);
    chmodSync(path, entry.isDirectory() ? directories : files);
  }
}
