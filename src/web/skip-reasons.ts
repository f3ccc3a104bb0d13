/**
 * Why recipients were skipped, on screen: the server's reason codes (src/shared/vocabulary.ts) with a count, in
 * the vocabulary's order (a gatilho's cooldown last), and each code's label.
 */
import { useTranslation } from 'react-i18next';
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

/** A reason's label: a send's reasons under `send.skip`, the gatilho's cooldown under `triggers`. */
export function useSkipLabel(): (reason: SkipReason) => string {
  const { t } = useTranslation();
  return (reason) => (reason === 'cooldown' ? t('triggers.skipCooldown') : t(`send.skip.${reason}`));
}
