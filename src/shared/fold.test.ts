import { describe, expect, it } from 'vitest';
import { foldForSearch } from './fold.js';

describe('foldForSearch', () => {
  it('strips accents and case', () => {
    expect(foldForSearch('São José')).toBe('sao jose');
    expect(foldForSearch('FLORIANÓPOLIS')).toBe('florianopolis');
    expect(foldForSearch('Criciúma')).toBe('criciuma');
    expect(foldForSearch('Conceição')).toBe('conceicao');
  });

  it('collapses and trims white space, tabs and non-breaking spaces included', () => {
    expect(foldForSearch('  Jardim \t  Atlântico\u00a0 Norte ')).toBe('jardim atlantico norte');
  });

  it('folds precomposed and decomposed input alike', () => {
    expect(foldForSearch('Jose\u0301')).toBe(foldForSearch('José'));
  });
});
