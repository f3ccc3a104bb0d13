/** Test helpers of src/ingest: fixture files in a temp dir, and small queries. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';

export interface FixtureDir {
  /** Writes `content` to a new file named `name` and returns its path. */
  file(name: string, content: string | Buffer): string;
  remove(): void;
}

export function fixtureDir(): FixtureDir {
  const dir = mkdtempSync(join(tmpdir(), 'avisa-ingest-'));
  let n = 0;
  return {
    file(name, content) {
      const path = join(dir, `${n++}-${name}`);
      writeFileSync(path, content);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A well-formed CSV from a header and rows (values quoted when they need it). */
export function csv(header: readonly string[], rows: readonly (readonly string[])[], delimiter = ','): string {
  const quote = (v: string) =>
    v.includes(delimiter) || v.includes('"') || v.includes('\n') ? `"${v.replaceAll('"', '""')}"` : v;
  return [header, ...rows].map((r) => r.map(quote).join(delimiter)).join('\n').concat('\n');
}

/** Rows of `records` as the IXC webservice would send them: objects of strings. */
export function objects(header: readonly string[], rows: readonly (readonly string[])[]): Record<string, string>[] {
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

export async function rowsOf<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  return queryRows<T>(db, query);
}

export async function count(db: Db, table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return row?.n ?? 0;
}

/** Every table's rows as JSON text, created/updated stamps left out: to compare two databases' contents. */
export async function dump(db: Db, tables: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await queryRows<{ j: string }>(
      db,
      sql`select (to_jsonb(t) - 'created_at' - 'updated_at')::text as j from ${sql.identifier(table)} t order by id`,
    );
    out[table] = rows.map((r) => r.j);
  }
  return out;
}
