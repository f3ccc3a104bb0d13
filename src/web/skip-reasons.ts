/**
 * Why recipients were skipped, on screen: the server's reason codes (src/shared/vocabulary.ts) with a count, in
 * the vocabulary's order (a gatilho's cooldown last), and each code's label — from the catalogue the skipped CSV
 * uses too (src/shared/notice-text.ts).
 */
import { useTranslation } from 'react-i18next';
import { skipReasonText } from '../shared/notice-text.js';
import { type SkipReason, skipReasons } from '../shared/vocabulary.js';

export type { SkipReason };
export type SkipCounts = Partial<Record<SkipReason, number>>;

/** The reasons with a count, in a stable order. */
export function skipLines(counts: SkipCounts): { reason: SkipReason; count: number }[] {
  return skipReasons.flatMap((reason) => {
    const count = counts[reason] ?? 0;
    return count > 0 ? [{ reason, count }] : [];
  });
}

/** A reason's label in the reader's language. */
export function useSkipLabel(): (reason: SkipReason) => string {
  const { i18n } = useTranslation();
  return (reason) => skipReasonText(reason, i18n.language);
}
