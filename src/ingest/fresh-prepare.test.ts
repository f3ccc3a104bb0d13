/**
 * Batches prepared apart and joined (the demo makes small chunks and writes them five at a time): the same COPY
 * text as the rows prepared together, each reference row once, a name winning over a placeholder.
 */
import { describe, expect, it } from 'vitest';
import { createFreshPreparer, type FreshBatch, joinFreshBatches } from './fresh-prepare.js';
import { entities } from './ixc-fields.js';
import { createValidator, type ValidRow } from './validate.js';

const validator = createValidator(entities.logins);

function login(id: number, fields: Record<string, string> = {}): ValidRow {
  const record = { id: String(id), login: `user${id}`, id_cliente: String(id), id_contrato: String(id), online: 'S', ...fields };
  const validation = validator.validate(record, id);
  if (!('row' in validation)) throw new Error(JSON.stringify(validation.errors));
  return validation.row;
}

const prepare = createFreshPreparer(entities.logins);
const text = (batch: FreshBatch) => batch.copies.map((c) => ({ table: c.table, columns: c.columns, rows: c.rows, text: new TextDecoder().decode(c.text) }));
const references = (batch: FreshBatch) =>
  Object.fromEntries(batch.references.map(({ table, rows }) => [table, rows.ids.map((id, i) => [id, rows.names[i], rows.searchNames?.[i]])]));

describe('joinFreshBatches', () => {
  it('gives the COPY text and references of the rows prepared together', () => {
    const rows = Array.from({ length: 9 }, (_, i) =>
      login(i + 1, { id_concentrador: String((i % 3) + 1), id_caixa_ftth: String(40 + (i % 2)), bairro: i % 2 ? 'Centro\tNorte' : 'São José' }),
    );
    const whole = prepare(rows);
    const joined = joinFreshBatches([prepare(rows.slice(0, 2)), prepare(rows.slice(2, 7)), prepare(rows.slice(7))]);
    expect(text(joined)).toEqual(text(whole));
    expect(joined.copies).toHaveLength(1);
    expect(text(joined)[0]?.text.split('\n')).toHaveLength(10); // nine rows and the last line break
    const sorted = (b: FreshBatch) => Object.fromEntries(Object.entries(references(b)).map(([t, r]) => [t, r.sort((x, y) => Number(x[0]) - Number(y[0]))]));
    expect(sorted(joined)).toEqual(sorted(whole));
    expect(references(joined).ftth_boxes).toEqual([
      [40, '#40', '#40'],
      [41, '#41', '#41'],
    ]);
  });

  it('names a reference row once, with its name over a placeholder whichever batch came first', () => {
    const placeholder = prepare([login(1, { id_concentrador: '7' })]);
    const named = prepare([login(2, { id_concentrador: '7', concentrador: 'BRAS-Centro' })]);
    expect(references(joinFreshBatches([placeholder, named])).nas).toEqual([[7, 'BRAS-Centro', undefined]]);
    expect(references(joinFreshBatches([named, placeholder])).nas).toEqual([[7, 'BRAS-Centro', undefined]]);
  });

  it('keeps the groups of rows that carry other fields apart, and adds up errors and superseded rows', () => {
    const a = prepare([login(1), login(1, { online: 'N' }), login(2, { ip: '10.0.0.2' })]);
    const b = prepare([login(3), { line: 9, values: { id: 4, login: 'x' } }]);
    const joined = joinFreshBatches([a, b]);
    expect(joined.copies.map((c) => c.rows).sort()).toEqual([1, 2]);
    expect(joined.superseded).toBe(1);
    expect(joined.errors.map((e) => e.line)).toEqual([9]);
    expect(joinFreshBatches([a])).toBe(a);
  });
});
