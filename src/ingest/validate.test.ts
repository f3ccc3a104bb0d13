import { describe, expect, it } from 'vitest';
import { entities, isSecretField } from './ixc-fields.js';
import { createValidator, formatRowError, type Validation } from './validate.js';

const logins = createValidator(entities.logins, { utf8: true });
const contracts = createValidator(entities.contratos);
const errorsOf = (v: Validation) => ('errors' in v ? v.errors.map((e) => formatRowError(e)) : []);
const valuesOf = (v: Validation) => ('row' in v ? v.row.values : undefined);

describe('createValidator', () => {
  it('maps IXC strings to typed values, keeping only the fields present', () => {
    const v = logins.validate(
      {
        id: ' 7 ',
        online: 'ss',
        id_caixa_ftth: '0',
        id_transmissor: '',
        latitude: '-27,59',
        ultima_conexao_final: '0000-00-00 00:00:00',
        ultima_conexao_inicial: '2026-02-28 23:59:59',
        ativo: '',
        senha: 'never read',
      },
      2,
    );
    expect(valuesOf(v)).toEqual({
      id: 7,
      online: 'SS',
      id_caixa_ftth: null,
      id_transmissor: null,
      latitude: -27.59,
      ultima_conexao_final: null,
      ultima_conexao_inicial: '2026-02-28 23:59:59',
      ativo: true,
    });
  });

  it('rejects text PostgreSQL cannot store, naming the field (found by fuzzing: import-routes.test.ts)', () => {
    expect(errorsOf(logins.validate({ id: '1', login: 'jo\u0000ao', mac: 'a\ud800' }, 4))).toEqual([
      'line 4, field login: contains a NUL character, which cannot be stored',
      'line 4, field mac: is not valid UTF-8 text, which cannot be stored',
    ]);
  });

  it('accepts numbers and nulls from JSON written by other tools', () => {
    expect(valuesOf(logins.validate({ id: 7, count_desconexao: 3, mac: null }, 1))).toEqual({
      id: 7,
      count_desconexao: 3,
      mac: null,
    });
  });

  it('names the line and the field of every problem', () => {
    const v = logins.validate(
      { id: '0', online: 'X', latitude: '95', ultima_conexao_inicial: '2025-02-29 10:00:00', ip: { a: 1 } },
      17,
    );
    expect(errorsOf(v)).toEqual(['line 17, field ip: expected a string, got {"a":1}']);
    expect(errorsOf(logins.validate({ id: '0', online: 'X', latitude: '95', ultima_conexao_inicial: '2025-02-29' }, 17)))
      .toEqual([
        'line 17, field id: expected a positive integer id, got "0"',
        'line 17, field online: expected one of S, N, SS, I, got "X"',
        'line 17, field ultima_conexao_inicial: expected a date-time YYYY-MM-DD HH:MM:SS, got "2025-02-29" (no such date)',
        'line 17, field latitude: expected a number from -90 to 90, got "95"',
      ]);
    expect(errorsOf(contracts.validate({ status: 'A' }, 3))).toEqual(['line 3, field id: required, the field is missing']);
    expect(errorsOf(contracts.validate({ id: '1', id_cliente: '99999999999' }, 4))).toEqual([
      'line 4, field id_cliente: expected an integer id, got "99999999999"',
    ]);
  });

  it('caps text lengths, keeps line breaks out of one-line fields, and refuses negative counts', () => {
    const v = logins.validate(
      { id: '7', login: 'x'.repeat(256), mac: 'AA\nBB', count_desconexao: '-3', endereco: `Rua A\n${'y'.repeat(1990)}` },
      5,
    );
    expect(errorsOf(v)).toEqual([
      'line 5, field login: expected at most 255 characters, got 256',
      'line 5, field count_desconexao: expected an integer from 0 to 2147483647, got "-3"',
      'line 5, field mac: expected one line of text, got "AA\\nBB"',
    ]);
    expect(valuesOf(logins.validate({ id: '7', login: 'x'.repeat(255), endereco: 'Rua A\nfundos' }, 5))).toEqual({
      id: 7,
      login: 'x'.repeat(255),
      endereco: 'Rua A\nfundos',
    });
    expect(errorsOf(contracts.validate({ id: '1', contrato: 'z'.repeat(2001) }, 6))).toEqual([
      'line 6, field contrato: expected at most 2000 characters, got 2001',
    ]);
  });

  it('reads dates of contracts, flags with IXC codes and the address flag C', () => {
    const v = contracts.validate({ id: '1', data_ativacao: '2024-03-01 00:00:00', endereco_padrao_cliente: 'C' }, 2);
    expect(valuesOf(v)).toEqual({ id: 1, data_ativacao: '2024-03-01', endereco_padrao_cliente: false });
  });

  it('keeps only the fields of the record, whatever names the file gives its columns', () => {
    // Values are a plain object: a column named like a property every object has is not a field, and is not read.
    const v = logins.validate({ id: '3', constructor: 'x', toString: 'y', __proto__: 'z', hasOwnProperty: 'w' }, 2);
    expect(valuesOf(v)).toEqual({ id: 3 });
    expect(Object.keys(valuesOf(v) ?? {})).toEqual(['id']);
    // An entity whose field is such a name would read it from every object: refused when the validator is made.
    const odd = { ...entities.logins, fields: [...entities.logins.fields, { ixc: 'constructor', column: 'x', kind: 'text' as const }] };
    expect(() => createValidator(odd)).toThrow(/field constructor is a name every object has/);
  });
});

describe('isSecretField', () => {
  it('matches IXC password and key columns and none of the fields Avisa reads', () => {
    for (const name of ['senha', 'senha_router1', 'senha_rede_sem_fio_5g', 'hotsite_senha', 'lte_auth_key', 'senha_wpa2aes']) {
      expect(isSecretField(name), name).toBe(true);
    }
    const read = Object.values(entities).flatMap((e) => e.fields.map((f) => f.ixc));
    expect(read.filter(isSecretField)).toEqual([]);
  });
});
