import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { drainChannel } from './drain.js';
import { opaFixture, SIM_CHANNEL, SIM_TEMPLATE, smallIspWithOpa } from './drain.test-support.js';
import { readOutbound } from './payload.js';

describe('the queue payload, read back as the provider message', () => {
  const row = { id: 9, contact: '+5548999100000' };

  it('reads each channel as its Outbound', () => {
    expect(readOutbound({ ...row, channel: 'whatsapp', payload: { channelId: 'c', templateId: 't', variables: ['Ana'] } })).toEqual({
      ok: true,
      message: { channel: 'whatsapp', ref: '9', to: row.contact, channelId: 'c', templateId: 't', variables: ['Ana'] },
    });
    expect(readOutbound({ ...row, channel: 'email', payload: { subject: 'S', text: 'T' } })).toEqual({
      ok: true,
      message: { channel: 'email', ref: '9', to: row.contact, subject: 'S', text: 'T' },
    });
    expect(readOutbound({ ...row, channel: 'email', payload: { subject: 'S', text: 'T', html: '<p>T</p>' } })).toMatchObject({ message: { html: '<p>T</p>' } });
    expect(readOutbound({ ...row, channel: 'sms', payload: { text: 'Oi' } })).toEqual({ ok: true, message: { channel: 'sms', ref: '9', to: row.contact, text: 'Oi' } });
  });

  it('names what is wrong with a payload that is not its channel\'s', () => {
    expect(readOutbound({ ...row, channel: 'whatsapp', payload: { variables: ['Ana'] } })).toEqual({
      ok: false,
      error: expect.stringMatching(/^Unreadable whatsapp payload: channelId /),
    });
    expect(readOutbound({ ...row, channel: 'sms', payload: null })).toMatchObject({ ok: false });
  });
});

describe.each(backends)('a queued row whose payload cannot be read, on $name', (backend) => {
  const isp = smallIspWithOpa(backend);

  it('is failed with the reason (never sent, never retried) while the others go out', async () => {
    const fx = await opaFixture(isp.database, isp.sim);
    const batchId = await fx.enqueue();
    // what the enqueue wrote: the batch's template and each row's variables, merged only at the claim
    const [batch] = await queryRows<{ template: unknown }>(isp.database.db, sql`select template from send_batches where id = ${batchId}`);
    expect(batch!.template).toEqual({ channelId: SIM_CHANNEL, templateId: SIM_TEMPLATE });
    const [broken] = await queryRows<{ id: number }>(
      isp.database.db,
      sql`update queue_items set payload = '{"variables": "Ana"}'::jsonb
          where id = (select min(id) from queue_items where batch_id = ${batchId}) returning id`,
    );
    const result = await drainChannel(isp.database.db, {
      channel: 'whatsapp',
      secretKey: fx.key,
      owner: 'test-worker',
      budgetMs: 10_000,
      maxAttempts: 3,
      signal: new AbortController().signal,
    });
    expect(result).toMatchObject({ processed: 6, sent: 5, failed: 1, retried: 0 });
    expect(await fx.states()).toEqual({ sent: 5, failed: 1 });
    const [row] = await queryRows<{ status: string; last_error: unknown; last_error_kind: string }>(
      isp.database.db,
      sql`select status, last_error, last_error_kind from queue_items where id = ${broken!.id}`,
    );
    expect(row).toEqual({
      status: 'failed',
      last_error: { code: 'payload_unreadable', detail: expect.stringMatching(/^Unreadable whatsapp payload: variables /) },
      last_error_kind: 'permanent',
    });
    expect(isp.sim.sends).toHaveLength(5);
  });
});
