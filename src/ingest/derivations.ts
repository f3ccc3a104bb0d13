/**
 * Columns the import computes from several IXC fields, so the report filters on them set-based and sends can
 * dedupe by them: a client's best mobile (E.164, or why there is none) and whether its e-mail is usable. The
 * computations, with no database (derived.ts reads the stored fields a partial source lacks).
 */
import { isValidEmail } from '../shared/email.js';
import { bestMobile } from '../shared/phone.js';
import type { EntityName, EntitySpec } from './ixc-fields.js';
import type { ColumnValues, SqlType } from './upsert.js';
import type { Value } from './validate.js';

export interface Derivation {
  /** IXC fields read, in the order `compute` receives their values. */
  readonly from: readonly string[];
  readonly columns: readonly { column: string; type: SqlType }[];
  compute(values: readonly Value[]): Value[];
}

const text = (v: Value): string | null => (typeof v === 'string' ? v : null);

export const derivations: Readonly<Partial<Record<EntityName, readonly Derivation[]>>> = {
  clientes: [
    {
      from: ['whatsapp', 'telefone_celular', 'fone'],
      columns: [
        { column: 'mobile_e164', type: 'text' },
        { column: 'mobile_problem', type: 'text' },
      ],
      compute(values) {
        const choice = bestMobile(values.map(text));
        return [choice.e164, choice.problem];
      },
    },
    {
      from: ['email'],
      columns: [{ column: 'email_valid', type: 'bool' }],
      compute: ([email]) => [isValidEmail(text(email ?? null))],
    },
  ],
};

export type FieldValues = Readonly<Record<string, Value>>;

/** The derived columns of new rows: there is nothing stored to read, so a field they lack counts as empty. */
export function derivedColumnsOfNew(spec: EntitySpec, rows: readonly FieldValues[]): ColumnValues[] {
  return applicable(spec, rows[0]).flatMap((d) => computed(d, rows, () => null));
}

/** The derivations that read a field the rows carry. */
export const applicable = (spec: EntitySpec, first: FieldValues | undefined): readonly Derivation[] =>
  first ? (derivations[spec.name] ?? []).filter((d) => d.from.some((f) => f in first)) : [];

export function computed(d: Derivation, rows: readonly FieldValues[], storedValue: (row: number, field: string) => Value): ColumnValues[] {
  const results = rows.map((row, i) => d.compute(d.from.map((f) => (f in row ? (row[f] ?? null) : storedValue(i, f)))));
  return d.columns.map((c, k) => ({ column: c.column, type: c.type, values: results.map((r) => r[k] ?? null) }));
}

