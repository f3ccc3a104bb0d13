/**
 * The count of the filter last counted, for a list paged by a client that keeps one view (the Logs page, the load
 * bench's operators): the other pages of that filter send it as `knownTotal` for KNOWN_TOTAL_MS, so the server does
 * not count up to a million rows again for every page; Filtrar forgets it. (The report page finds its total in the
 * query cache instead: src/web/report/reportApi.ts.)
 */
import { KNOWN_TOTAL_MS } from './api-schemas.js';

export class CountedTotal {
  private last: { filter: string; total: number; at: number } | null = null;

  /** The total to send for a page of `filter`, if it was counted less than KNOWN_TOTAL_MS ago. */
  known(filter: string, now = Date.now()): number | undefined {
    const last = this.last;
    return last && last.filter === filter && now - last.at <= KNOWN_TOTAL_MS ? last.total : undefined;
  }

  /** A page of `filter` was counted (its request left at `at`). */
  remember(filter: string, total: number, at: number): void {
    this.last = { filter, total, at };
  }

  forget(): void {
    this.last = null;
  }
}
