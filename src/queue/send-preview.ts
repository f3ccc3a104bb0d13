/**
 * What the send dialog shows before the operator confirms: the plan's counts (recent-notice guard included), three
 * messages rendered for real recipients, how long the message is for its channel, and whether its rows would
 * leave (an enabled drain, an active integration). Nothing is written.
 */
import type { Db } from '../db/database.js';
import { SMS_TEXT_MAX, smsLength, WHATSAPP_BODY_MAX } from '../messages/limits.js';
import type { Preview } from '../messages/preview.js';
import { checkFreeValues } from '../messages/validate.js';
import type { Channel } from '../shared/vocabulary.js';
import { planMessageSend } from './enqueue.js';
import { sendReadiness } from './readiness.js';
import { sendSamples } from './samples.js';
import { type MessageLength, planRequestSchema, type SendPreview, type SendRequest } from './send-schemas.js';

function lengthOf(channel: Channel, samples: readonly Preview[]): MessageLength {
  const longest = samples.map((s) => s.text).reduce((a, b) => (b.length > a.length ? b : a), '');
  const limit = channel === 'whatsapp' ? WHATSAPP_BODY_MAX : channel === 'sms' ? SMS_TEXT_MAX : null;
  return {
    chars: longest.length,
    limit,
    tooLong: limit !== null && longest.length > limit,
    sms: channel === 'sms' ? smsLength(longest) : null,
  };
}

export async function previewSend(db: Db, input: SendRequest, options: { timezone: string; now?: Date }): Promise<SendPreview> {
  const now = options.now ?? new Date();
  const { plan, message, filter } = await planMessageSend(db, input, now);
  const request = planRequestSchema.parse(input);
  // The dialog asks before every free field is filled: an empty one shows where its value goes.
  const typed = Object.fromEntries(message.content.freeFields.map((f) => [f.key, request.free[f.key]?.trim() || `[${f.label}]`]));
  const free = checkFreeValues(message, typed);
  const samples = plan.matched === 0 ? [] : await sendSamples(db, message, filter, free, { timezone: options.timezone, now });
  return {
    ...plan,
    samples,
    length: lengthOf(message.channel, samples),
    readiness: await sendReadiness(db, message.channel, message.integrationId, options.timezone),
  };
}
