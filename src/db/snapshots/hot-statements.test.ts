/**
 * The hot statements, as assembled, against checked-in snapshots (one `.sql` file each, beside this test): the
 * enqueue, the claim, a drain's tick (completion and starts), and the login report's page and count. A change to
 * a filter, a CTE or an index predicate shows in review as a diff of SQL. Each statement is also planned (EXPLAIN)
 * on a migrated database, so a snapshot is always SQL PostgreSQL accepts.
 *
 * After a deliberate change: UPDATE_SQL_SNAPSHOTS=1 npx vitest run src/db/snapshots — then review the .sql diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../messages/schemas.js';
import { claimSql } from '../../queue/claim.js';
import { tickSql } from '../../queue/complete.js';
import { enqueueSql } from '../../queue/enqueue.js';
import { type IdFilter, reportFilterSchema } from '../../report/filter.js';
import { countSql, pageSql } from '../../report/login-query.js';
import { openMigratedPglite } from '../../test-support/databases.js';
import type { Database } from '../database.js';
import { sqlSnapshot } from '../sql-text.js';

const UPDATE = process.env.UPDATE_SQL_SNAPSHOTS === '1';
const NOW = new Date('2026-03-02T13:30:00Z');
const TZ = 'America/Sao_Paulo';

/** A filter touching several joins and kinds of condition: what an outage notice typically sends to. */
const filter = reportFilterSchema.parse({
  nasIds: [3, 4],
  online: ['offline'],
  offlineForAtLeast: { value: 15, unit: 'minutes' },
  contractStatus: ['A'],
  neighbourhood: 'Centro',
}) as IdFilter; // ids only, as the SQL builders take it

const message: Message = {
  id: 7,
  channel: 'whatsapp',
  description: 'Aviso de instabilidade',
  integrationId: 2,
  active: true,
  purpose: 'outage',
  fallbackMessageId: null,
  fallbackAfterMinutes: null,
  integrationDescription: 'Opa! Suite',
  createdBy: 'admin',
  createdAt: NOW,
  updatedAt: NOW,
  content: {
    opaChannelId: '65a1f0c2b7e4d93a1c0f1a01',
    opaChannelName: 'Suporte',
    templateId: '65a1f3d8b7e4d93a1c0f2b01',
    templateAtalho: 'instabilidade',
    templateText: 'Olá {{1}}, instabilidade em {{2}}. Previsão: {{3}}.',
    variables: [
      { type: 'field', field: 'primeiro_nome' },
      { type: 'field', field: 'bairro' },
      { type: 'free', key: 'previsao_retorno' },
    ],
    freeFields: [{ key: 'previsao_retorno', label: 'Previsão de retorno', required: true }],
  },
};

const statements: { name: string; from: string; statement: SQL }[] = [
  {
    name: 'enqueue',
    from: 'src/queue/enqueue.ts enqueueSql: a WhatsApp message to a report filter, one gatilho cooldown, the recent-notice guard by purpose (6 h)',
    statement: enqueueSql({
      batchId: 41,
      message,
      filter,
      priority: 5,
      free: { previsao_retorno: '18h' },
      rule: { id: 3, cooldownMinutes: 360 },
      recent: { hours: 6, scope: 'purpose' },
      timezone: TZ,
      now: NOW,
    }),
  },
  {
    name: 'claim',
    from: 'src/queue/claim.ts claimSql: the next 40 rows of an integration, under a 60 s lease',
    statement: claimSql({ integrationId: 2, limit: 40, owner: 'host:123:abcdef', leaseSeconds: 60 }),
  },
  {
    name: 'complete',
    from: "src/queue/complete.ts tickSql: a drain's write — one outcome of each kind, and two rows starting",
    statement: tickSql({
      owner: 'host:123:abcdef',
      leaseSeconds: 90,
      start: [105, 106],
      outcomes: [
        { id: 100, outcome: 'sent', attempt: 1, providerMessageId: 'm-1', notice: { code: 'sent', detail: 'ok' }, durationMs: 120 },
        { id: 101, outcome: 'retry', attempt: 1, delayMs: 30_000, notice: { code: 'timeout', params: { seconds: 20 } }, kind: 'retryable', durationMs: 5000 },
        { id: 102, outcome: 'failed', attempt: 2, notice: { code: 'provider_said', detail: 'invalid number' }, kind: 'permanent', status: 400, durationMs: 80 },
        { id: 103, outcome: 'hold', attempt: 1, notice: { code: 'daily_limit', params: { limit: 1000 } }, kind: 'quota', durationMs: 60 },
        { id: 104, outcome: 'release' },
      ],
    })!,
  },
  {
    name: 'report-page',
    from: 'src/report/login-query.ts pageSql: page 2 of 50, default sort, filtered first',
    statement: pageSql({ filter, now: NOW, page: 2, pageSize: 50, filterFirst: true }),
  },
  {
    name: 'report-count',
    from: 'src/report/login-query.ts countSql: the exact total and the table size',
    statement: countSql(filter, NOW),
  },
];

const fileOf = (name: string) => fileURLToPath(new URL(`./${name}.sql`, import.meta.url));

describe('SQL snapshots of the hot statements', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openMigratedPglite();
  });
  afterAll(async () => database?.close());

  for (const { name, from, statement } of statements) {
    it(`${name}: matches ${name}.sql and is accepted by PostgreSQL`, async () => {
      const text = sqlSnapshot([`${name}: ${from}`, 'Regenerate after a deliberate change: UPDATE_SQL_SNAPSHOTS=1 npx vitest run src/db/snapshots'], statement);
      const file = fileOf(name);
      if (UPDATE) writeFileSync(file, text);
      const stored = existsSync(file) ? readFileSync(file, 'utf8') : '(no snapshot yet)';
      expect(text, `${name}.sql differs from the statement as assembled now; if the change is meant, regenerate with UPDATE_SQL_SNAPSHOTS=1 npx vitest run src/db/snapshots and review the diff`).toBe(stored);
      await database.db.execute(sql`explain ${statement}`);
    });
  }
});
