/**
 * GET /api/logs counts a filter up to 10,000 lines: past that the answer says "more than" (`totalCapped`) instead
 * of counting a million; `countAll=true` counts every line, `knownTotal` is answered as it is. On both databases,
 * through the real route (query string parsing included).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { COUNT_CAP } from '../../logs/logs.js';
import { backends } from '../../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../../test-support/route-app.js';
import { seedSmallIsp } from '../../test-support/seed.js';

const SMS_LINES = COUNT_CAP + 3;
const EMAIL_LINES = COUNT_CAP; // exactly at the cap: exact, not "more than"

async function seed(db: Db): Promise<void> {
  await seedSmallIsp(db);
  const lines = (channel: string, contact: string, n: number, success: string) =>
    db.execute(sql`insert into delivery_logs (at, channel, client_id, contact, success, message, attempt)
      select timestamptz '2026-11-01T00:00:00Z' + i * interval '1 second', ${channel}, (select min(id) from clients), ${contact},
             ${sql.raw(success)}, '{"code":"sent"}'::jsonb, 1
        from generate_series(1, ${n}) i`);
  await lines('sms', '+5548999110001', SMS_LINES, 'i % 2 = 0');
  await lines('email', 'ana@example.com', EMAIL_LINES, 'true');
}

interface Page {
  total: number;
  totalCapped: boolean;
  rows: { id: number; channel: string }[];
}

describe.each(backends)('the Logs count on $name', (backend) => {
  let t: RouteApp;
  beforeAll(async () => {
    t = await openRouteApp(backend, { seed });
  });
  afterAll(() => t?.close());

  const page = async (query: string): Promise<Page> => {
    const res = await t.call('GET', `/api/logs?${query}`, 'viewer');
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };

  it('stops past 10,000 lines and says so; the page is still the newest 50', async () => {
    const answer = await page('channel=sms');
    expect(answer).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    expect(answer.rows).toHaveLength(50);
    const ids = answer.rows.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(answer.rows.every((r) => r.channel === 'sms')).toBe(true);
  });

  it('counts every line with countAll=true', async () => {
    expect(await page('channel=sms&countAll=true')).toMatchObject({ total: SMS_LINES, totalCapped: false });
    expect(await page('channel=sms&countAll=false')).toMatchObject({ total: COUNT_CAP, totalCapped: true });
  });

  it('a filter with fewer lines than the cap, or exactly as many, is counted exactly', async () => {
    expect(await page('channel=sms&status=success')).toMatchObject({ total: Math.floor(SMS_LINES / 2), totalCapped: false });
    expect(await page('channel=email')).toMatchObject({ total: EMAIL_LINES, totalCapped: false });
    expect(await page('channel=whatsapp')).toMatchObject({ total: 0, totalCapped: false, rows: [] });
  });

  it('answers knownTotal as it is, and a page past the cap still has its lines', async () => {
    const known = await page(`channel=sms&knownTotal=${SMS_LINES}&page=201&pageSize=50`);
    expect(known).toMatchObject({ total: SMS_LINES, totalCapped: false });
    expect(known.rows).toHaveLength(3);
  });

  it('refuses a countAll that is not true or false, naming it', async () => {
    const res = await t.call('GET', '/api/logs?channel=sms&countAll=yes', 'viewer');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('countAll');
  });
});
