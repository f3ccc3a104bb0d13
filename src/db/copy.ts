/**
 * `avisa db copy`: moves every table from one database to another (PGlite → PostgreSQL when an ISP outgrows one
 * machine, or back), ids and sequences intact. Tables are copied parents first (foreign keys read from the
 * catalog, so new tables need no change here), in keyset-paged batches of JSON that never pass through JS
 * objects: memory stays bounded whatever the size.
 */
import { sql } from 'drizzle-orm';
import { type Database, type Db, queryRows } from './database.js';

export interface CopyProgress {
  table: string;
  rows: number;
}

export interface CopySummary {
  tables: { table: string; rows: number }[];
  durationMs: number;
}

export class TargetNotEmptyError extends Error {}

interface TableInfo {
  name: string;
  pk: string | null;
  identity: string[];
}

export async function copyDatabase(
  source: Database,
  target: Database,
  options: { batchSize?: number; onProgress?: (p: CopyProgress) => void } = {},
): Promise<CopySummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 5000;
  await target.migrate();
  const tables = await orderedTables(source.db);
  for (const table of tables) {
    const [row] = await queryRows<{ found: boolean }>(
      target.db,
      sql`select exists (select 1 from ${sql.identifier(table.name)}) as found`,
    );
    if (row?.found) {
      throw new TargetNotEmptyError(
        `The target already has data in table ${table.name}; copy only into an empty database.`,
      );
    }
  }
  const copied: CopySummary['tables'] = [];
  for (const table of tables) {
    const rows = await copyTable(source.db, target.db, table, batchSize, options.onProgress);
    for (const column of table.identity) await resetIdentity(target.db, table.name, column);
    copied.push({ table: table.name, rows });
  }
  return { tables: copied, durationMs: Date.now() - started };
}

async function copyTable(
  from: Db,
  to: Db,
  table: TableInfo,
  batchSize: number,
  onProgress?: (p: CopyProgress) => void,
): Promise<number> {
  const t = sql.identifier(table.name);
  let total = 0;
  let last: string | null = null;
  for (let offset = 0; ; offset += batchSize) {
    let page: SqlPage;
    if (table.pk) {
      const pk = sql.identifier(table.pk);
      const after = last === null ? sql`true` : sql`${pk} > (${last}::text)::${sql.raw(await pkType(from, table))}`;
      [page] = (await queryRows<SqlPage>(
        from,
        sql`select coalesce(json_agg(x order by ${pk}), '[]')::text as rows, count(*)::int as n,
                   max(${pk})::text as last
              from (select * from ${t} where ${after} order by ${pk} limit ${batchSize}) x`,
      )) as [SqlPage];
    } else {
      [page] = (await queryRows<SqlPage>(
        from,
        sql`select coalesce(json_agg(x), '[]')::text as rows, count(*)::int as n, null as last
              from (select * from ${t} order by 1 limit ${batchSize} offset ${offset}) x`,
      )) as [SqlPage];
    }
    if (!page || page.n === 0) break;
    await to.execute(
      sql`insert into ${t} overriding system value
          select * from json_populate_recordset(null::${t}, ${page.rows}::json)`,
    );
    total += page.n;
    last = page.last;
    onProgress?.({ table: table.name, rows: total });
    if (page.n < batchSize) break;
  }
  return total;
}

interface SqlPage {
  rows: string;
  n: number;
  last: string | null;
}

const pkTypes = new Map<string, string>();
async function pkType(db: Db, table: TableInfo): Promise<string> {
  const key = `${table.name}.${table.pk}`;
  let type = pkTypes.get(key);
  if (!type) {
    const [row] = await queryRows<{ type: string }>(
      db,
      sql`select format_type(a.atttypid, a.atttypmod) as type
            from pg_attribute a
           where a.attrelid = to_regclass(${`public.${table.name}`}) and a.attname = ${table.pk}`,
    );
    type = row?.type ?? 'text';
    pkTypes.set(key, type);
  }
  return type;
}

async function resetIdentity(db: Db, table: string, column: string): Promise<void> {
  await db.execute(
    sql`select setval(pg_get_serial_sequence(${`public.${table}`}, ${column}),
                      coalesce((select max(${sql.identifier(column)}) from ${sql.identifier(table)}), 0) + 1, false)`,
  );
}

/** The application's tables, every table after the tables it references. */
async function orderedTables(db: Db): Promise<TableInfo[]> {
  const tables = await queryRows<{ name: string; pk: string | null; identity: string[] | null }>(
    db,
    sql`select c.relname as name,
               (select a.attname from pg_constraint k
                  join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
                 where k.conrelid = c.oid and k.contype = 'p' and array_length(k.conkey, 1) = 1) as pk,
               (select array_agg(a.attname::text) from pg_attribute a
                 where a.attrelid = c.oid and a.attidentity <> '' and not a.attisdropped) as identity
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind = 'r'
         order by c.relname`,
  );
  const edges = await queryRows<{ child: string; parent: string }>(
    db,
    sql`select k.conrelid::regclass::text as child, k.confrelid::regclass::text as parent
          from pg_constraint k join pg_namespace n on n.oid = k.connamespace
         where k.contype = 'f' and n.nspname = 'public' and k.conrelid <> k.confrelid`,
  );
  const parents = new Map<string, Set<string>>();
  for (const e of edges) parents.set(e.child, (parents.get(e.child) ?? new Set()).add(e.parent));
  const ordered: TableInfo[] = [];
  const done = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (done.has(name) || path.has(name)) return;
    path.add(name);
    for (const p of parents.get(name) ?? []) visit(p, path);
    const info = tables.find((t) => t.name === name);
    if (info) ordered.push({ name: info.name, pk: info.pk, identity: info.identity ?? [] });
    done.add(name);
  };
  for (const t of tables) visit(t.name, new Set());
  return ordered;
}
