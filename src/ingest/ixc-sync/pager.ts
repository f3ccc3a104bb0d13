/**
 * Keyset paging over one IXC table, as pure functions over a small progress record (saved after every page, so a
 * failed run resumes where it stopped). Every request asks for page 1 of "what comes after what I have", so
 * rows inserted or changed during a run cannot shift pages, and a server that caps `rp` lower than asked still
 * gets read whole (the end is when a page holds all of `total`).
 *
 * - full: `id > afterId` sorted by id.
 * - incremental (tables with `ultima_atualizacao`): all rows with `ultima_atualizacao >= since`, in two steps —
 *   *drain* the rows of second `since` by id (`ultima_atualizacao = since AND id > afterId`), then *advance*
 *   (`ultima_atualizacao > since`, sorted by it). An advance page that is not the last keeps only rows older
 *   than its newest second V and moves on to draining V, so a mass update stamping thousands of rows with the
 *   same second is never cut at a page boundary.
 *
 * A page that breaks the order or does not move forward means the server ignored the filter or the sort: the
 * run stops with an error instead of looping or skipping rows.
 */
import type { IxcListQuery } from './client.js';
import { UPDATED_FIELD } from './tables.js';

export type TableProgress =
  | {
      mode: 'full';
      afterId: number;
      done: boolean;
      /** Where the next incremental run starts (from the newest `ultima_atualizacao` when this read began). */
      endSince: string | null;
    }
  | {
      mode: 'incremental';
      since: string;
      afterId: number;
      phase: 'drain' | 'advance';
      done: boolean;
      /** Newest `ultima_atualizacao` read so far in this run. */
      newest: string | null;
    };

export class PagingError extends Error {
  override readonly name = 'PagingError';
}

const WALL_CLOCK = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ZERO = /^0000-/;

/** A usable `ultima_atualizacao` (zero dates and garbage are not). */
export function updatedAtOf(record: unknown): string | null {
  const value = typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[UPDATED_FIELD] : undefined;
  return typeof value === 'string' && WALL_CLOCK.test(value.trim()) && !ZERO.test(value) ? value.trim() : null;
}

function idOf(record: unknown): number | null {
  const value = typeof record === 'object' && record !== null ? (record as Record<string, unknown>).id : undefined;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return /^\d{1,10}$/.test(text) && Number(text) > 0 ? Number(text) : null;
}

/** `YYYY-MM-DD HH:MM:SS` minus some seconds, as wall-clock text (no zone involved). */
export function minusSeconds(wallClock: string, seconds: number): string {
  const ms = Date.parse(`${wallClock.replace(' ', 'T')}Z`) - seconds * 1000;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function startFull(endSince: string | null): TableProgress {
  return { mode: 'full', afterId: 0, done: false, endSince };
}

export function startIncremental(since: string): TableProgress {
  return { mode: 'incremental', since, afterId: 0, phase: 'drain', done: false, newest: null };
}

/** The request for the next page. */
export function nextQuery(table: string, progress: TableProgress, rp: number): IxcListQuery {
  const id = `${table}.id`;
  const updated = `${table}.${UPDATED_FIELD}`;
  if (progress.mode === 'full') {
    return { qtype: id, query: String(progress.afterId), oper: '>', page: 1, rp, sortname: id, sortorder: 'asc' };
  }
  if (progress.phase === 'drain') {
    return {
      qtype: updated,
      query: progress.since,
      oper: '=',
      page: 1,
      rp,
      sortname: id,
      sortorder: 'asc',
      grid: [{ TB: id, OP: '>', P: String(progress.afterId) }],
    };
  }
  return { qtype: updated, query: progress.since, oper: '>', page: 1, rp, sortname: updated, sortorder: 'asc' };
}

/** The request for the newest `ultima_atualizacao` of a table (where a full read lets the next incremental start). */
export function newestQuery(table: string): IxcListQuery {
  return { qtype: `${table}.id`, query: '0', oper: '>', page: 1, rp: 1, sortname: `${table}.${UPDATED_FIELD}`, sortorder: 'desc' };
}

export interface PageStep {
  /** The records of the page to store now (the rest of the page is read again by the next request). */
  keep: unknown[];
  next: TableProgress;
}

/** What to store of a page and the progress after it. */
export function afterPage(table: string, progress: TableProgress, records: readonly unknown[], total: number): PageStep {
  const last = records.length === 0 || records.length >= total;
  if (progress.mode === 'full') {
    if (records.length === 0) return { keep: [], next: { ...progress, done: true } };
    const afterId = ascendingIds(table, records, progress.afterId);
    return { keep: [...records], next: { ...progress, afterId, done: last } };
  }
  const newest = newestOf(records, progress.newest);
  if (progress.phase === 'drain') {
    if (last) return { keep: [...records], next: { ...progress, phase: 'advance', afterId: 0, newest } };
    const afterId = ascendingIds(table, records, progress.afterId);
    return { keep: [...records], next: { ...progress, afterId, newest } };
  }
  if (records.length === 0) return { keep: [], next: { ...progress, done: true } };
  const stamps = records.map(updatedAtOf);
  let previous = progress.since;
  for (const stamp of stamps) {
    if (stamp === null) continue;
    if (stamp <= progress.since) throw new PagingError(`${table}: IXC returned ultima_atualizacao ${stamp}, not after ${progress.since} as asked`);
    if (stamp < previous) throw new PagingError(`${table}: IXC did not sort by ultima_atualizacao`);
    previous = stamp;
  }
  if (last) return { keep: [...records], next: { ...progress, done: true, newest } };
  if (previous === progress.since) throw new PagingError(`${table}: a page without a usable ultima_atualizacao; cannot page on it`);
  // rows of the newest second may continue on the next page: drain that second by id instead
  const keep = records.filter((_, i) => stamps[i] === null || (stamps[i] as string) < previous);
  return { keep, next: { ...progress, since: previous, afterId: 0, phase: 'drain', newest } };
}

/** The page's greatest id, after checking the page is sorted by id and moves past `after`. */
function ascendingIds(table: string, records: readonly unknown[], after: number): number {
  let previous = after;
  for (const record of records) {
    const id = idOf(record);
    if (id === null) continue; // garbage: validation names it
    if (id <= previous) {
      throw new PagingError(
        id <= after ? `${table}: IXC returned id ${id}, not after ${after} as asked` : `${table}: IXC did not sort by id`,
      );
    }
    previous = id;
  }
  if (previous === after) throw new PagingError(`${table}: a page without a usable id; cannot page on it`);
  return previous;
}

function newestOf(records: readonly unknown[], newest: string | null): string | null {
  let out = newest;
  for (const record of records) {
    const stamp = updatedAtOf(record);
    if (stamp !== null && (out === null || stamp > out)) out = stamp;
  }
  return out;
}
