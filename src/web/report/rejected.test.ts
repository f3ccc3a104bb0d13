import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.js';
import i18n from '../i18n/i18n.js';
import { rejectedText } from './rejected.js';

const pt = i18n.getFixedT('pt-BR');
const en = i18n.getFixedT('en');
const refused = (field?: string) => new ApiError(400, 'VALIDATION', `${field}: Too small: expected number to be >=1`, field);

describe('rejectedText: a filter the server refused, in the reader’s language', () => {
  it('names the filter field by its label on the form', () => {
    expect(rejectedText(pt, refused('filter.offlineForAtLeast.value'), {})).toBe(
      'O servidor recusou o filtro no campo “Offline há pelo menos”: corrija esse campo ou limpe o filtro.',
    );
    expect(rejectedText(en, refused('filter.nasIds.0'), {})).toContain('The server refused the filter’s field “Concentrator/NAS”');
    expect(rejectedText(pt, refused('sort.column'), {})).toMatch(/no campo “Ordenar por”/);
  });

  it('names the record a link asked for by a name this installation does not have', () => {
    const filter = { nas: ['BRAS-CENTRO', 'BRAS-X'], online: ['offline' as const] };
    expect(rejectedText(pt, refused('filter.nas.1'), filter)).toBe(
      'Nenhum registro de “Concentrador/NAS” tem o nome “BRAS-X”: corrija o filtro ou limpe-o.',
    );
    expect(rejectedText(en, refused('filter.nas.1'), filter)).toBe('No “Concentrator/NAS” is named “BRAS-X”: correct the filter or clear it.');
    expect(rejectedText(pt, refused('filter.nas.5'), filter)).toBe('O servidor recusou o filtro: corrija-o ou limpe o filtro.');
  });

  it('never shows the server’s English words as the sentence, whatever the field', () => {
    for (const field of [undefined, 'filter', 'filter.colour', 'filter.toString', 'page', 'sort']) {
      const text = rejectedText(pt, refused(field), {});
      expect(text).toBe('O servidor recusou o filtro: corrija-o ou limpe o filtro.');
      expect(text).not.toMatch(/Too small/);
    }
  });
});
