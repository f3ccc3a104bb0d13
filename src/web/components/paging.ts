/** Page sizes and the "1–50 de 12.345" arithmetic shared by every paged list (report, Fila, logs, run histories). */

export const pageSizes = [50, 100, 500, 1000] as const;
export type PageSize = (typeof pageSizes)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 50;

/** "1–50 of 12,345" in numbers: the first and last row shown, and the page count (at least 1). */
export function pageRange(page: number, pageSize: number, total: number): { from: number; to: number; pages: number } {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : Math.min((page - 1) * pageSize + 1, total + 1);
  const to = Math.min(page * pageSize, total);
  return { from, to: Math.max(to, from - 1), pages };
}

/**
 * The same for a total the server stopped counting at ("1–50 de mais de 10.000"): the range comes from the rows on
 * the page, which may lie past that total, and there is a next page while this one is full.
 */
export function openRange(page: number, pageSize: number, shown: number): { from: number; to: number; hasNext: boolean } {
  const { from, to } = pageRange(page, pageSize, (page - 1) * pageSize + shown);
  return { from, to, hasNext: shown >= pageSize };
}
