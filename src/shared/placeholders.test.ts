import { describe, expect, it } from 'vitest';
import { fillByPosition, placeholdersOf, splitText } from './placeholders.js';

describe('placeholders', () => {
  it('cuts text into literals and placeholders, tolerating spaces inside the braces', () => {
    expect(splitText('Olá {{ nome }}, até {{data}}!')).toEqual([
      { literal: 'Olá ' },
      { placeholder: 'nome' },
      { literal: ', até ' },
      { placeholder: 'data' },
      { literal: '!' },
    ]);
    expect(splitText('')).toEqual([]);
    expect(splitText('sem variáveis { } {{}}')).toEqual([{ literal: 'sem variáveis { } {{}}' }]);
  });

  it('counts every occurrence and fills by position, leaving missing ones visible', () => {
    expect(placeholdersOf('{{a}} {{b}} {{a}}')).toEqual(['a', 'b', 'a']);
    expect(fillByPosition('{{a}} e {{b}} e {{a}}', ['1', '2'])).toBe('1 e 2 e {{a}}');
  });
});
