/**
 * A few messages rendered for real recipients of a send — the send dialog and Gatilhos › Simular show them before
 * anything is queued, with the values mapped. Logins whose client can get the channel come first.
 */
import type { Db } from '../db/database.js';
import { previewMessage, type Preview } from '../messages/preview.js';
import type { FreeValues, Message } from '../messages/schemas.js';
import type { IdFilter } from '../report/filter.js';
import { queryLogins } from '../report/login-query.js';

const SAMPLES = 3;

/** The filter narrowed to logins whose client can get `channel`, unless the filter already says otherwise. */
function reachable(filter: IdFilter, channel: Message['channel']): IdFilter {
  if (channel === 'email') return { hasEmail: true, optedOutEmail: false, ...filter };
  if (channel === 'sms') return { hasValidMobile: true, optedOutSms: false, ...filter };
  return { hasValidMobile: true, optedOutWhatsapp: false, ...filter };
}

async function sampleLogins(db: Db, filter: IdFilter, channel: Message['channel'], now: Date): Promise<number[]> {
  const page = { page: 1, pageSize: SAMPLES, now };
  const first = await queryLogins(db, { ...page, filter: reachable(filter, channel) });
  if (first.rows.length > 0) return first.rows.map((r) => r.id);
  return (await queryLogins(db, { ...page, filter })).rows.map((r) => r.id);
}

/** Up to three previews of `message` for logins `filter` matches (none when it matches none). */
export async function sendSamples(
  db: Db,
  message: Message,
  filter: IdFilter,
  free: FreeValues,
  options: { timezone: string; now: Date },
): Promise<Preview[]> {
  const samples: Preview[] = [];
  for (const loginId of await sampleLogins(db, filter, message.channel, options.now)) {
    samples.push(await previewMessage(db, message, { loginId }, free, options.timezone));
  }
  return samples;
}
