/**
 * `avisa/client` as integrators install it: package.json's `exports["./client"]` must name the build of this module
 * (tsconfig.build.json compiles src/ into dist/ file by file), or `import … from 'avisa/client'` breaks after a rename.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { exports: Record<string, Record<string, string>> };

describe('the published avisa/client', () => {
  it('points its types and code at the build of src/client/client.ts', async () => {
    const entry = pkg.exports['./client'];
    expect(entry).toEqual({ types: './dist/client/client.d.ts', default: './dist/client/client.js' });
    const source = new URL(entry!.default!.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'), root);
    const module = (await import(source.href)) as Record<string, unknown>;
    expect(Object.keys(module)).toEqual(expect.arrayContaining(['createClient', 'fetchTransport', 'call', 'pathOf', 'AvisaApiError', 'contracts']));
  });
});
