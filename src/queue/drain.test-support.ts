/** A small ISP wired to a running Opa! Suite simulator, for drain tests: integration, message, helpers. */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { type Database, queryRows } from '../db/database.js';
import { messages } from '../db/schema/messaging.js';
import { fillClientContacts } from '../ingest/derived.js';
import { createIntegration } from '../providers/integrations.js';
import { type OpaSimulator, startOpaSimulator } from '../providers/opa/simulator.js';
import type { ReportFilter } from '../report/filter.js';
import type { Backend } from '../test-support/databases.js';
import { seedSmallIsp } from '../test-support/seed.js';
import { enqueueSend } from './enqueue.js';

export const SIM_CHANNEL = '65a1f0c2b7e4d93a1c0f1a01';
/** `servico_normalizado`: one placeholder, {{nome}}. */
export const SIM_TEMPLATE = '65a1f3d8b7e4d93a1c0f2b03';

export interface OpaFixture {
  key: Buffer;
  integrationId: number;
  messageId: number;
  enqueue(filter?: ReportFilter): Promise<number>;
  states(): Promise<Record<string, number>>;
}

export async function opaFixture(database: Database, sim: OpaSimulator, limits = { maxConcurrency: 4, ratePerSecond: 1000 }): Promise<OpaFixture> {
  const key = randomBytes(32);
  const integration = await createIntegration(database.db, key, null, {
    kind: 'opa',
    description: `Opa ${randomBytes(3).toString('hex')}`,
    config: { url: sim.baseUrl, timeoutSeconds: 1 },
    secret: sim.token,
    ...limits,
  });
  const [message] = await database.db
    .insert(messages)
    .values({
      channel: 'whatsapp',
      description: `Normalizado ${integration.id}`,
      integrationId: integration.id,
      content: {
        opaChannelId: SIM_CHANNEL,
        opaChannelName: 'WhatsApp Suporte',
        templateId: SIM_TEMPLATE,
        templateAtalho: 'servico_normalizado',
        templateText: 'Olá {{nome}}, o serviço foi normalizado.',
        variables: [{ type: 'field', field: 'primeiro_nome' }],
        freeFields: [],
      },
    })
    .returning({ id: messages.id });
  return {
    key,
    integrationId: integration.id,
    messageId: message!.id,
    async enqueue(filter = {}) {
      // Drain tests queue the same notice again after sending it: past the recent-notice guard, on purpose.
      const request = { messageId: message!.id, filter, repeatRecent: true, repeatReason: 'drain test' };
      const result = await enqueueSend(database.db, request, { userId: null, actor: 'teste' }, { timezone: 'America/Sao_Paulo' });
      return result.batchId;
    },
    async states() {
      const rows = await queryRows<{ status: string; n: number }>(
        database.db,
        sql`select status, count(*)::int as n from queue_items where integration_id = ${integration.id} group by status`,
      );
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },
  };
}

/**
 * For a describe block: the small ISP (contacts filled) on `backend` and one Opa! simulator, opened before its tests
 * and closed after them (a test may replace `sim`, e.g. restarted with another token). Read both inside the tests.
 */
export function smallIspWithOpa(backend: Backend): { database: Database; sim: OpaSimulator } {
  const context = {} as { database: Database; sim: OpaSimulator };
  beforeAll(async () => {
    context.database = await backend.open();
    await seedSmallIsp(context.database.db);
    await fillClientContacts(context.database.db);
    context.sim = await startOpaSimulator();
  });
  afterAll(async () => {
    await context.sim?.close();
    await context.database?.close();
  });
  return context;
}
