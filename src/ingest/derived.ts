/**
 * Derived columns (derivations.ts) of rows the bulk writer (writer.ts) stores: a batch that carries some of their
 * fields reads the stored value of those a partial source lacks; `fillClientContacts` computes them for rows
 * stored before.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { applicable, computed, derivations, type FieldValues } from './derivations.js';
import { type EntitySpec, entities } from './ixc-fields.js';
import type { ColumnValues } from './upsert.js';
import type { Value } from './validate.js';

/** The derived columns of rows given by IXC field (`rows` keyed by field, all with the same fields). */
export async function derivedColumns(
  db: Db,
  spec: EntitySpec,
  ids: readonly number[],
  rows: readonly FieldValues[],
): Promise<ColumnValues[]> {
  const columns: ColumnValues[] = [];
  for (const d of applicable(spec, rows[0])) {
    const missing = d.from.filter((f) => !(f in (rows[0] as FieldValues)));
    const stored = missing.length > 0 ? await storedFields(db, spec, missing, ids) : new Map<number, FieldValues>();
    columns.push(...computed(d, rows, (i, f) => stored.get(ids[i] as number)?.[f] ?? null));
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
