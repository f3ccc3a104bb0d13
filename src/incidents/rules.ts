/**
 * Detection rules, one per element kind: the defaults below until an admin saves the kind's row (Configurações ›
 * Incidentes). "≥ minShare % of the element's logins that were online, and at least minCount of them, went offline
 * within windowSeconds and stayed offline for holdDownSeconds."
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { type ElementKind, elementKinds } from '../shared/vocabulary.js';
import type { IncidentRule, IncidentRuleInput } from './schemas.js';

const MINUTE = 60;

const DEFAULT_RULES: Readonly<Record<ElementKind, IncidentRuleInput>> = {
  nas: { minShare: 30, minCount: 20, windowSeconds: 3 * MINUTE, holdDownSeconds: 2 * MINUTE, autoConfirmSeconds: null, restoreShare: 90, restoreSeconds: 5 * MINUTE, closeAfterSeconds: 30 * MINUTE },
  pop: { minShare: 30, minCount: 20, windowSeconds: 3 * MINUTE, holdDownSeconds: 2 * MINUTE, autoConfirmSeconds: null, restoreShare: 90, restoreSeconds: 5 * MINUTE, closeAfterSeconds: 30 * MINUTE },
  box: { minShare: 60, minCount: 4, windowSeconds: 3 * MINUTE, holdDownSeconds: 2 * MINUTE, autoConfirmSeconds: null, restoreShare: 90, restoreSeconds: 5 * MINUTE, closeAfterSeconds: 30 * MINUTE },
};

type Stored = IncidentRuleInput & { kind: ElementKind };

export async function loadRules(db: Db): Promise<IncidentRule[]> {
  const stored = await queryRows<Stored>(
    db,
    sql`select kind, min_share as "minShare", min_count as "minCount", window_seconds as "windowSeconds",
               hold_down_seconds as "holdDownSeconds", auto_confirm_seconds as "autoConfirmSeconds",
               restore_share as "restoreShare", restore_seconds as "restoreSeconds", close_after_seconds as "closeAfterSeconds"
          from incident_rules`,
  );
  return elementKinds.map((kind) => {
    const row = stored.find((r) => r.kind === kind);
    return row ? { ...row, kind, custom: true } : { ...DEFAULT_RULES[kind], kind, custom: false };
  });
}

export async function saveRule(db: Db, kind: ElementKind, input: IncidentRuleInput, actor: string): Promise<IncidentRule> {
  await db.execute(sql`insert into incident_rules (kind, min_share, min_count, window_seconds, hold_down_seconds, auto_confirm_seconds,
        restore_share, restore_seconds, close_after_seconds, updated_at, updated_by)
      values (${kind}, ${input.minShare}, ${input.minCount}, ${input.windowSeconds}, ${input.holdDownSeconds}, ${input.autoConfirmSeconds},
        ${input.restoreShare}, ${input.restoreSeconds}, ${input.closeAfterSeconds}, now(), ${actor})
      on conflict (kind) do update set min_share = excluded.min_share, min_count = excluded.min_count,
        window_seconds = excluded.window_seconds, hold_down_seconds = excluded.hold_down_seconds,
        auto_confirm_seconds = excluded.auto_confirm_seconds, restore_share = excluded.restore_share,
        restore_seconds = excluded.restore_seconds, close_after_seconds = excluded.close_after_seconds,
        updated_at = now(), updated_by = excluded.updated_by`);
  return { ...input, kind, custom: true };
}
