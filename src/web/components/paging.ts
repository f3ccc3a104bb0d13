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
