/**
 * How the IXC simulator answers a `listar` body: `qtype`/`query`/`oper` and every `grid_param` condition ANDed,
 * sorted by `sortname`/`sortorder` (ties by id), then `page`/`rp`. Comparisons follow MySQL loosely: numeric when
 * both sides are numbers (an empty query counts as 0 against a number), text otherwise — which orders IXC's
 * `YYYY-MM-DD HH:MM:SS` correctly; `L` is a case-insensitive LIKE (`%`, `_`), a pattern without `%` meaning
 * "contains". Errors are IXC's `{type:"error", message}`.
 */
import type { IxcRecord } from './sim-seed.js';

const OPERS = ['=', '!=', '<', '<=', '>', '>=', 'L'] as const;
type Oper = (typeof OPERS)[number];

interface Condition {
  field: string;
  oper: Oper;
  value: string;
}

export type ListAnswer = { page: string; total: string | number; registros?: IxcRecord[] } | { type: 'error'; message: string };

export interface ListLimits {
  /** The server gives at most this many rows whatever `rp` asks. */
  maxRp?: number | null;
  /** A misbehaving server: filters are ignored (for the client's guards). */
  ignoreFilter?: boolean;
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;

function compare(a: string, b: string): number {
  const an = NUMBER.test(a);
  const bn = NUMBER.test(b);
  if ((an || a === '') && (bn || b === '') && (an || bn)) return Number(a || 0) - Number(b || 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

function like(value: string, pattern: string): boolean {
  const source = pattern.includes('%') ? pattern : `%${pattern}%`;
  const regex = source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${regex}$`, 'is').test(value);
}

function matches(record: IxcRecord, c: Condition): boolean {
  const value = record[c.field] ?? '';
  if (c.oper === 'L') return like(value, c.value);
  const d = compare(value, c.value);
  switch (c.oper) {
    case '=':
      return d === 0;
    case '!=':
      return d !== 0;
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
  }
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

export function listRecords(
  table: string,
  records: readonly IxcRecord[],
  fields: ReadonlySet<string>,
  body: unknown,
  limits: ListLimits = {},
): ListAnswer {
  const fail = (message: string): ListAnswer => ({ type: 'error', message });
  if (typeof body !== 'object' || body === null || body instanceof Error) return fail('Corpo da requisição inválido');
  const b = body as Record<string, unknown>;
  const field = (qualified: string | undefined): string | null => {
    if (!qualified) return null;
    const [prefix, name] = qualified.includes('.') ? (qualified.split('.', 2) as [string, string]) : [table, qualified];
    return prefix === table && fields.has(name) ? name : null;
  };

  const conditions: Condition[] = [];
  const qtype = text(b.qtype);
  if (qtype) {
    const f = field(qtype);
    if (!f) return fail(`Campo ${qtype} não existe na tabela ${table}`);
    const oper = (text(b.oper) ?? '=') as Oper;
    if (!OPERS.includes(oper)) return fail(`Operador inválido: ${oper}`);
    conditions.push({ field: f, oper, value: text(b.query) ?? '' });
  }
  if (b.grid_param !== undefined && b.grid_param !== '') {
    let grid: unknown;
    try {
      grid = typeof b.grid_param === 'string' ? JSON.parse(b.grid_param) : b.grid_param;
    } catch {
      return fail('grid_param inválido');
    }
    if (!Array.isArray(grid)) return fail('grid_param inválido');
    for (const item of grid as Record<string, unknown>[]) {
      const f = field(text(item?.TB));
      const oper = text(item?.OP) as Oper;
      if (!f || !OPERS.includes(oper)) return fail(`grid_param inválido: ${JSON.stringify(item)}`);
      conditions.push({ field: f, oper, value: text(item.P) ?? '' });
    }
  }

  const sortField = text(b.sortname) ? field(text(b.sortname)) : 'id';
  if (!sortField) return fail(`Campo ${text(b.sortname)} não existe na tabela ${table}`);
  const direction = (text(b.sortorder) ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
  const page = Number(text(b.page) ?? '1');
  const rp = Number(text(b.rp) ?? '20');
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(rp) || rp < 1) return fail('page/rp inválidos');

  const found = limits.ignoreFilter ? [...records] : records.filter((r) => conditions.every((c) => matches(r, c)));
  found.sort((x, y) => direction * compare(x[sortField] ?? '', y[sortField] ?? '') || compare(x.id ?? '', y.id ?? ''));
  const size = limits.maxRp ? Math.min(rp, limits.maxRp) : rp;
  const registros = found.slice((page - 1) * size, page * size);
  // IXC leaves `registros` out when nothing matches
  if (found.length === 0) return { page: String(page), total: 0 };
  return { page: String(page), total: String(found.length), registros };
}
