/**
 * The Logs' count of the filter last counted: the other pages of that filter send it as `knownTotal` for
 * KNOWN_TOTAL_MS, so the server does not count up to a million lines again for every page; Filtrar forgets it.
 */
import { KNOWN_TOTAL_MS } from '../../shared/api-schemas.js';

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
