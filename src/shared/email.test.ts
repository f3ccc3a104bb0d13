import { describe, expect, it } from 'vitest';
import { isValidEmail } from './email.js';

describe('isValidEmail', () => {
  it.each([
    ['maria.silva@gmail.com', true],
    ['  joao_1970@uol.com.br ', true],
    ['CONTATO@PADARIA.COM.BR', true],
    ['a+tag@sub.example.org', true],
    ['', false],
    [null, false],
    ['maria.silva@gmail', false],
    ['maria.silva.gmail.com', false],
    ['maria silva @gmail.com', false],
    ['maria @gmail.com', false],
    ['maria@@gmail.com', false],
    ['.maria@gmail.com', false],
    ['maria..silva@gmail.com', false],
    ['maria@-gmail.com', false],
    ['maria@gmail.c', false],
    ['a@b.com; c@d.com', false],
    ['não tem', false],
  ])('%s → %s', (text, valid) => expect(isValidEmail(text)).toBe(valid));
});
