/**
 * Configurações › Envio: how sends behave for the whole installation. Today the recent-notice guard — a contact
 * that got the same message (scope `message`), or any message of the same purpose (scope `purpose`), within
 * `recentHours` is skipped as `recently_notified` unless the operator overrides it with a reason; 0 turns it off.
 * Also quiet hours, the opt-out words and reply, and Meta's WhatsApp prices the send dialog's estimate uses.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { sendSettings } from '../db/schema/queue.js';
import { DEFAULT_WHATSAPP_PRICES } from '../shared/whatsapp-pricing.js';
import { DEFAULT_OPT_OUT_REPLY, type SendSettings, type SendSettingsInput, sendSettingsInputSchema } from './send-schemas.js';

/** The guard a send applies (`hours` 0: none). */
export interface RecentGuard {
  hours: number;
  scope: SendSettings['recentScope'];
}

const columns = {
  recentHours: sendSettings.recentHours,
  recentScope: sendSettings.recentScope,
  quietStart: sendSettings.quietStart,
  quietEnd: sendSettings.quietEnd,
  optOutWords: sendSettings.optOutWords,
  optOutReply: sendSettings.optOutReply,
  whatsappPriceUtility: sendSettings.whatsappPriceUtility,
  whatsappPriceMarketing: sendSettings.whatsappPriceMarketing,
  whatsappPriceAuthentication: sendSettings.whatsappPriceAuthentication,
  whatsappCurrency: sendSettings.whatsappCurrency,
  updatedAt: sendSettings.updatedAt,
  updatedBy: sendSettings.updatedBy,
};

/** Until an admin saves the settings (the columns' defaults, src/db/schema/queue.ts). */
const DEFAULTS = {
  recentHours: 6,
  recentScope: 'message',
  quietStart: '21:00',
  quietEnd: '08:00',
  optOutWords: ['SAIR', 'PARAR', 'PARE', 'STOP'],
  optOutReply: DEFAULT_OPT_OUT_REPLY,
  ...DEFAULT_WHATSAPP_PRICES,
} as const satisfies Omit<SendSettings, 'updatedAt' | 'updatedBy'>;

export async function getSendSettings(db: Db): Promise<SendSettings> {
  const [row] = await db.select(columns).from(sendSettings);
  // No row until an admin saves the settings: the defaults.
  if (!row) return { ...DEFAULTS, updatedAt: null, updatedBy: null };
  return row as SendSettings;
}

export async function updateSendSettings(db: Db, input: SendSettingsInput, actor: string): Promise<SendSettings> {
  const data = sendSettingsInputSchema.parse(input);
  await db
    .insert(sendSettings)
    .values({ id: 1, ...data, updatedBy: actor })
    .onConflictDoUpdate({ target: sendSettings.id, set: { ...data, updatedBy: actor, updatedAt: sql`now()` } });
  return getSendSettings(db);
}

export async function recentGuard(db: Db): Promise<RecentGuard> {
  const s = await getSendSettings(db);
  return { hours: s.recentHours, scope: s.recentScope };
}
