/**
 * The contracts travel to the browser (the web UI) and to scripts (`avisa/client`): everything they import must be
 * browser-safe — zod and other modules of src, never the database, Node built-ins or the server.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every module `file` imports (values and types), as resolved paths of src or bare package names. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map(([, spec]) =>
    spec!.startsWith('.') ? join(dirname(file), spec!.replace(/\.js$/, '.ts')) : spec!,
  );
}

/** The modules reachable from `entry`. */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (file.startsWith('/')) importsOf(file).forEach(walk);
  };
  walk(entry);
  return seen;
}

describe('the API contracts', () => {
  it('import only zod and browser-safe modules of src', () => {
    const reached = closure(join(src, 'client/contracts.ts'));
    const packages = [...reached].filter((m) => !m.startsWith('/'));
    expect(packages.sort()).toEqual(['zod']);
    const modules = [...reached].filter((m) => m.startsWith('/')).map((m) => relative(src, m));
    const serverSide = modules.filter((m) => /^(db|http|cli|app|bench|ingest|tasks)\//.test(m) || /\/(database|drizzle|sql)/.test(m));
    expect(serverSide).toEqual([]);
    // the capabilities converted so far, each with its schemas beside its contract
    for (const capability of ['logs', 'messages', 'providers', 'queue', 'triggers']) {
      expect(modules).toContain(`${capability}/contract.ts`);
      expect(modules).toContain(`${capability}/schemas.ts`);
    }
  });
});
