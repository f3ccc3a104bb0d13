/**
 * Columns the import computes from several IXC fields, so the report filters on them set-based and sends can
 * dedupe by them: a client's best mobile (E.164, or why there is none) and whether its e-mail is usable.
 * The bulk writer (writer.ts) applies them to every batch that carries any of their fields, reading the stored
 * value of the fields a partial source lacks; `fillClientContacts` computes them for rows stored before.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { isValidEmail } from '../shared/email.js';
import { bestMobile } from '../shared/phone.js';
import { type EntityName, type EntitySpec, entities } from './ixc-fields.js';
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

type FieldValues = Readonly<Record<string, Value>>;

/** The derived columns of rows given by IXC field (`rows` keyed by field, all with the same fields). */
export async function derivedColumns(
  db: Db,
  spec: EntitySpec,
  ids: readonly number[],
  rows: readonly FieldValues[],
): Promise<ColumnValues[]> {
  const first = rows[0];
  if (!first) return [];
  const columns: ColumnValues[] = [];
  for (const d of derivations[spec.name] ?? []) {
    if (!d.from.some((f) => f in first)) continue;
    const missing = d.from.filter((f) => !(f in first));
    const stored = missing.length > 0 ? await storedFields(db, spec, missing, ids) : new Map<number, FieldValues>();
    const results = rows.map((row, i) =>
      d.compute(d.from.map((f) => (f in row ? (row[f] ?? null) : (stored.get(ids[i] as number)?.[f] ?? null)))),
    );
    d.columns.forEach((c, i) => {
      columns.push({ column: c.column, type: c.type, values: results.map((r) => r[i] ?? null) });
    });
  }
  return columns;
}

/** Stored values of some IXC fields of existing rows, keyed by id. */
async function storedFields(
  db: Db,
  spec: EntitySpec,
  fields: readonly string[],
  ids: readonly number[],
): Promise<Map<number, FieldValues>> {
  const selects = fields.map((f) => {
    const column = spec.fields.find((s) => s.ixc === f)?.column;
    if (!column) throw new Error(`derivation reads ${spec.name}.${f}, which has no column`);
    return sql`${sql.identifier(column)} as ${sql.identifier(f)}`;
  });
  const rows = await queryRows<Record<string, Value> & { id: number }>(
    db,
    sql`select id, ${sql.join(selects, sql`, `)} from ${sql.identifier(spec.table)}
         where id = any(${sql.param([...ids])}::int4[])`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

const FILL_BATCH = 5_000;

/**
 * Computes the contact columns of clients stored before they existed (mobile_e164 and mobile_problem both
 * null), batch by batch. Run at start after migrations; a no-op once done. Returns the rows filled.
 */
export async function fillClientContacts(db: Db, batchSize = FILL_BATCH): Promise<number> {
  const spec = entities.clientes;
  const fields = (derivations.clientes ?? []).flatMap((d) => d.from);
  let filled = 0;
  for (let last = 0; ; ) {
    const ids = await queryRows<{ id: number }>(
      db,
      sql`select id from clients where mobile_e164 is null and mobile_problem is null and id > ${last}
           order by id limit ${batchSize}`,
    );
    if (ids.length === 0) return filled;
    const idList = ids.map((r) => r.id);
    const stored = await storedFields(db, spec, fields, idList);
    const rows = idList.map((id) => stored.get(id) ?? {});
    const columns = await derivedColumns(db, spec, idList, rows);
    const sets = columns.map((c) => sql`${sql.identifier(c.column)} = u.${sql.identifier(c.column)}`);
    const names = columns.map((c) => sql.identifier(c.column));
    const arrays = columns.map((c) => sql`${sql.param(c.values)}::${sql.raw(c.type)}[]`);
    await db.execute(
      sql`update clients t set ${sql.join(sets, sql`, `)}
            from unnest(${sql.param(idList)}::int4[], ${sql.join(arrays, sql`, `)}) as u(id, ${sql.join(names, sql`, `)})
           where t.id = u.id`,
    );
    filled += idList.length;
    last = idList[idList.length - 1] as number;
  }
}
