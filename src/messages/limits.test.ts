import { describe, expect, it } from 'vitest';
import { smsLength } from './limits.js';

describe('smsLength', () => {
  it('counts GSM-7 septets, two for an extension character, and 153 per segment past 160', () => {
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(smsLength('a'.repeat(161))).toEqual({ encoding: 'gsm7', units: 161, segments: 2 });
    expect(smsLength(`${'a'.repeat(159)}€`)).toEqual({ encoding: 'gsm7', units: 161, segments: 2 });
    expect(smsLength('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('falls to UCS-2 for a character outside GSM-7 (Portuguese ã, ç, õ are), 67 per segment past 70', () => {
    expect(smsLength('Olá, a conexão caiu')).toMatchObject({ encoding: 'ucs2', units: 19, segments: 1 });
    expect(smsLength(`ç${'a'.repeat(70)}`)).toEqual({ encoding: 'ucs2', units: 71, segments: 2 });
    expect(smsLength('Sem conexao ate 18h')).toMatchObject({ encoding: 'gsm7', units: 19 });
    expect(smsLength('Previsão: 18h')).toMatchObject({ encoding: 'ucs2' });
  });
});
