import { describe, expect, it } from 'vitest';
import en from './en.json' with { type: 'json' };
import { storedLanguage } from './i18n.js';
import ptBR from './pt-BR.json' with { type: 'json' };

function flatten(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const variables = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('i18n catalogs', () => {
  const pt = flatten(ptBR);
  const english = flatten(en);

  it('have the same keys in pt-BR and en', () => {
    expect([...english.keys()].sort()).toEqual([...pt.keys()].sort());
  });

  it('have no empty text and the same {{variables}} in both languages', () => {
    for (const [key, text] of pt) {
      expect(text.trim(), key).not.toBe('');
      expect(variables(english.get(key) ?? ''), key).toEqual(variables(text));
    }
  });

  it('default to pt-BR and remember a valid choice only', () => {
    const store = (value: string | null) => ({ getItem: () => value, setItem: () => {} });
    expect(storedLanguage(store(null))).toBe('pt-BR');
    expect(storedLanguage(store('en'))).toBe('en');
    expect(storedLanguage(store('fr'))).toBe('pt-BR');
  });
});
