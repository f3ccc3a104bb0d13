/** Network elements as incidents and maintenance windows name them: each kind's table, and an element's name. */
import { type SQL, sql } from 'drizzle-orm';
import type { ElementKind } from '../shared/vocabulary.js';

export const ELEMENT_TABLE = { nas: 'nas', pop: 'pops', box: 'ftth_boxes' } as const satisfies Readonly<Record<ElementKind, string>>;

/** The current name of the element of `kind` (text) and `id` (int), or `#id` when no row has it. */
export const elementNameSql = (kind: SQL, id: SQL): SQL =>
  sql`coalesce(case ${kind} when 'nas' then (select name from nas where id = ${id})
                            when 'pop' then (select name from pops where id = ${id})
                            when 'box' then (select name from ftth_boxes where id = ${id}) end, '#' || ${id})`;
