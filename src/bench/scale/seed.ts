/**
 * A fila of `rows` WhatsApp template sends to the Opa! Suite simulator, one per made-up contact, written set-based
 * (one `insert … select generate_series`): the crash test's 5,000 and the scale scenario's 1,000,000 alike.
 */
import { eq, sql } from 'drizzle-orm';
import { type Db, longQueries } from '../../db/database.js';
import { integrations, messages } from '../../db/schema/messaging.js';
import { sendBatches } from '../../db/schema/queue.js';
import { createIntegration } from '../../providers/integrations.js';

/** The simulator's seeded channel and template (src/providers/opa/sim-seed.json). */
const SIM_CHANNEL = '65a1f0c2b7e4d93a1c0f1a01';
const SIM_TEMPLATE = '65a1f3d8b7e4d93a1c0f2b03';

export interface OpaQueueOptions {
  simUrl: string;
  simToken: string;
  rows: number;
  maxConcurrency: number;
  ratePerSecond: number;
  timeoutSeconds?: number;
}

/** Creates the integration, the message and its batch, and queues `rows` pending sends; returns the integration id. */
export async function seedOpaQueue(db: Db, key: Buffer, options: OpaQueueOptions): Promise<number> {
  const integration = await createIntegration(db, key, null, {
    kind: 'opa',
    description: 'Opa',
    config: { url: options.simUrl, timeoutSeconds: options.timeoutSeconds ?? 5 },
    secret: options.simToken,
    maxConcurrency: options.maxConcurrency,
    ratePerSecond: Math.min(options.ratePerSecond, 1000),
  });
  // Past the form's 1,000/s: a simulator without a rate limit (the benches), written as it is stored.
  if (options.ratePerSecond > 1000) await db.update(integrations).set({ ratePerSecond: options.ratePerSecond }).where(eq(integrations.id, integration.id));
  const [message] = await db
    .insert(messages)
    .values({ channel: 'whatsapp', description: 'Aviso', integrationId: integration.id, content: {} })
    .returning({ id: messages.id });
  const [batch] = await db
    .insert(sendBatches)
    .values({
      channel: 'whatsapp',
      messageId: message!.id,
      messageDescription: 'Aviso',
      integrationId: integration.id,
      actor: 'teste',
      filter: {},
      freeValues: {},
      matched: options.rows,
      enqueued: options.rows,
      skipped: 0,
      skipCounts: {},
      template: { channelId: SIM_CHANNEL, templateId: SIM_TEMPLATE },
    })
    .returning({ id: sendBatches.id });
  // A million rows take a while on a busy machine: the long lane's limit (AVISA_DB_REPORT_TIMEOUT_MS).
  await longQueries(db).execute(sql`insert into queue_items (batch_id, channel, message_id, integration_id, client_id, contact, contact_key, payload)
    select ${batch!.id}::int, 'whatsapp', ${message!.id}::int, ${integration.id}::int, i, c, c,
      jsonb_build_object('variables', jsonb_build_array('Cliente ' || i))
    from generate_series(1, ${options.rows}::int) i, lateral (select '+55489' || lpad(i::text, 8, '0') as c) x`);
  return integration.id;
}

/** The simulator's channel, whose daily limit the scenarios lift. */
export const SIM_SEED_CHANNEL = SIM_CHANNEL;
