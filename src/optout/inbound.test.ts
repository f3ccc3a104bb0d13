import { describe, expect, it } from 'vitest';
import { isOptOut } from './inbound.js';

const words = ['SAIR', 'PARAR', 'PARE', 'STOP'];

describe('an opt-out message', () => {
  it('is one of the words alone, whatever the accents, case, spaces or a final full stop', () => {
    for (const text of ['SAIR', 'sair', ' Sair ', 'sair.', 'Parar!', 'stop']) expect(isOptOut(text, words), text).toBe(true);
    expect(isOptOut('Sáir', ['SAIR'])).toBe(true);
    expect(isOptOut('PARÁ', ['pará'])).toBe(true);
  });
  it('is not a sentence that merely contains one', () => {
    for (const text of ['não quero sair do plano', 'pare de cair a internet', 'quando volta?', '']) expect(isOptOut(text, words), text).toBe(false);
  });
  it('is the quick-reply button "Não quero receber" (its label or payload)', () => {
    expect(isOptOut('Não quero receber', words, true)).toBe(true);
    expect(isOptOut('OPT_OUT', words, true)).toBe(true);
    expect(isOptOut('OPT_OUT', words, false)).toBe(false);
  });
  it('follows the configured words', () => {
    expect(isOptOut('cancelar avisos', ['cancelar avisos'])).toBe(true);
    expect(isOptOut('SAIR', ['cancelar avisos'])).toBe(false);
  });
});
