import { describe, expect, it } from 'vitest';
import { isGsm7, smsSegments, type SmsSegments } from './segments.js';

const rep = (ch: string, n: number) => ch.repeat(n);

describe('smsSegments', () => {
  const cases: [name: string, text: string, expected: SmsSegments][] = [
    ['empty text is one message', '', { encoding: 'GSM-7', characters: 0, segments: 1, perSegment: 160 }],
    ['plain ASCII', 'Manutencao hoje', { encoding: 'GSM-7', characters: 15, segments: 1, perSegment: 160 }],
    ['160 GSM-7 characters fit one part', rep('a', 160), { encoding: 'GSM-7', characters: 160, segments: 1, perSegment: 160 }],
    ['161 GSM-7 characters need two parts of 153', rep('a', 161), { encoding: 'GSM-7', characters: 161, segments: 2, perSegment: 153 }],
    ['306 = 2 × 153', rep('a', 306), { encoding: 'GSM-7', characters: 306, segments: 2, perSegment: 153 }],
    ['307 needs a third part', rep('a', 307), { encoding: 'GSM-7', characters: 307, segments: 3, perSegment: 153 }],
    ['extension characters count 2', '€[]{}', { encoding: 'GSM-7', characters: 10, segments: 1, perSegment: 160 }],
    ['80 euro signs are exactly 160 septets', rep('€', 80), { encoding: 'GSM-7', characters: 160, segments: 1, perSegment: 160 }],
    ['81 euro signs overflow', rep('€', 81), { encoding: 'GSM-7', characters: 162, segments: 2, perSegment: 153 }],
    // 306 septets would fit 2 × 153, but the escape pair at septets 153–154 moves whole to part 2, leaving 1 for a third.
    ['an escape pair is not split across parts', `${rep('a', 152)}€${rep('a', 152)}`, { encoding: 'GSM-7', characters: 306, segments: 3, perSegment: 153 }],
    ['GSM-7 accents é è ù ì ò à Ç É Ñ Ü stay GSM-7', 'é è ù ì ò à Ç É Ñ Ü', { encoding: 'GSM-7', characters: 19, segments: 1, perSegment: 160 }],
    ['Greek capitals and ¤ § ¿ ¡ are GSM-7', 'ΔΦΓΛΩΠΨΣΘΞ¤§¿¡', { encoding: 'GSM-7', characters: 14, segments: 1, perSegment: 160 }],
    ['line breaks are GSM-7', 'a\nb\rc', { encoding: 'GSM-7', characters: 5, segments: 1, perSegment: 160 }],
    ['ç makes it UCS-2', 'Manutenção', { encoding: 'UCS-2', characters: 10, segments: 1, perSegment: 70 }],
    ['ã alone makes it UCS-2', 'ã', { encoding: 'UCS-2', characters: 1, segments: 1, perSegment: 70 }],
    ['70 UCS-2 characters fit one part', `ç${rep('a', 69)}`, { encoding: 'UCS-2', characters: 70, segments: 1, perSegment: 70 }],
    ['71 UCS-2 characters need two parts of 67', `ç${rep('a', 70)}`, { encoding: 'UCS-2', characters: 71, segments: 2, perSegment: 67 }],
    ['134 = 2 × 67', `ê${rep('a', 133)}`, { encoding: 'UCS-2', characters: 134, segments: 2, perSegment: 67 }],
    ['135 needs a third part', `õ${rep('a', 134)}`, { encoding: 'UCS-2', characters: 135, segments: 3, perSegment: 67 }],
    ['an emoji counts 2 UTF-16 units', 'ok 👍', { encoding: 'UCS-2', characters: 5, segments: 1, perSegment: 70 }],
    // 134 units would fit 2 × 67, but the emoji at units 67–68 moves whole to part 2, leaving 1 for a third.
    ['a surrogate pair is not split across parts', `${rep('a', 66)}👍${rep('a', 66)}`, { encoding: 'UCS-2', characters: 134, segments: 3, perSegment: 67 }],
    ['extension chars in a UCS-2 text count 1', `ç€${rep('a', 68)}`, { encoding: 'UCS-2', characters: 70, segments: 1, perSegment: 70 }],
    [
      'a real pt-BR outage notice',
      'Provedor Exemplo: manutenção programada hoje das 02h às 04h na região Centro. Sua conexão pode oscilar.',
      { encoding: 'UCS-2', characters: 103, segments: 2, perSegment: 67 },
    ],
  ];

  it.each(cases)('%s', (_name, text, expected) => {
    expect(smsSegments(text)).toEqual(expected);
  });
});

describe('isGsm7', () => {
  const table: [char: string, gsm: boolean][] = [
    ['é', true],
    ['è', true],
    ['ù', true],
    ['ì', true],
    ['ò', true],
    ['Ç', true],
    ['Ø', true],
    ['ø', true],
    ['à', true],
    ['ü', true],
    ['€', true],
    ['^', true],
    ['|', true],
    ['@', true],
    ['£', true],
    ['ã', false],
    ['õ', false],
    ['ç', false],
    ['ê', false],
    ['â', false],
    ['ô', false],
    ['á', false],
    ['í', false],
    ['ó', false],
    ['ú', false],
    ['À', false],
    ['Ã', false],
    ['`', false],
    ['\t', false],
    ['\u001b', false],
  ];
  it.each(table)('%j → %s', (char, gsm) => {
    expect(isGsm7(char)).toBe(gsm);
  });
});
