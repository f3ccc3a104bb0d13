import { describe, expect, it } from 'vitest';
import { foldText } from './MultiSelect.js';

describe('foldText', () => {
  it('lets "sao" find "São Paulo" and "CRICIUMA" find "Criciúma"', () => {
    expect(foldText('São Paulo')).toContain(foldText('sao'));
    expect(foldText('Criciúma/SC')).toContain(foldText('CRICIUMA'));
    expect(foldText('Biguaçu')).toBe('biguacu');
  });
});
