import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const web = fileURLToPath(new URL('..', import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
  );

describe('forms', () => {
  it('are all CheckedForm (the app speaks its validation, never the browser): no bare <form> in the UI', () => {
    const bare = sources(web).filter((file) => !file.endsWith('CheckedForm.tsx') && /<form[\s>]/.test(readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')));
    expect(bare.map((f) => f.slice(web.length))).toEqual([]);
    expect(sources(web).length).toBeGreaterThan(50);
  });
});
