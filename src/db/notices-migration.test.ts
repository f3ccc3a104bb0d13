/**
 * Migration 0013_notices turns stored prose into notices: the pt-BR texts Avisa wrote become their codes and
 * params, everything else `legacy` with the old text as its detail. Each database is migrated up to 0012, given
 * rows as the older versions wrote them, then migrated to the end.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Notice, noticeSchema } from '../shared/notice.js';
import { backends } from '../test-support/databases.js';
import { type Database, queryRows } from './database.js';

const BEFORE = '0013_notices';
const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** The migrations folder as it was before `tag`: its files, and a journal that stops short of it. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'avisa-migrations-'));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return dir;
}

const RETRY = 'No answer within 20 s (timeout) (tentativa 2 de 5; nova tentativa agendada)';
const GAVE_UP = 'Número inválido (tentativa 5 de 5; desistiu)';
const UNCERTAIN =
  'O envio começou, mas o processo parou antes de registrar a resposta: não se sabe se chegou ao cliente; confira e use Reenviar se preciso';
const DAILY = 'Limite diário de envio de templates do canal atingido (1000 por dia); o restante fica na fila para a próxima execução';

const queueTexts: [string | null, Notice | null][] = [
  [null, null],
  ['Cancelado por maria', { code: 'cancelled_by', params: { user: 'maria' } }],
  [UNCERTAIN, { code: 'send_interrupted' }],
  [DAILY, { code: 'daily_limit', params: { limit: 1000 } }],
  [DAILY.replace('1000', '?'), { code: 'daily_limit', params: { limit: '?' } }],
  [RETRY, { code: 'legacy', detail: 'No answer within 20 s (timeout)', attempt: { number: 2, of: 5, retrying: true } }],
  [GAVE_UP, { code: 'legacy', detail: 'Número inválido', attempt: { number: 5, of: 5, retrying: false } }],
  ['Contato já está em atendimento', { code: 'legacy', detail: 'Contato já está em atendimento' }],
];

const logTexts: [boolean, string, Notice][] = [
  [true, 'Template enviado (id 65f0c0ffee)', { code: 'sent', detail: 'Template enviado' }],
  [true, 'Mensagem aceita', { code: 'sent', detail: 'Mensagem aceita' }],
  [false, RETRY, queueTexts[5]![1]!],
  [false, 'HTTP 500: <html>', { code: 'legacy', detail: 'HTTP 500: <html>' }],
  [false, '', { code: 'legacy' }],
];

const taskTexts: [string | null, Notice[] | null][] = [
  [null, null],
  ['O processo que executava esta tarefa parou de responder', [{ code: 'task_abandoned' }]],
  ['Interrompida: o processo que executava esta tarefa foi encerrado', [{ code: 'task_interrupted' }]],
  ['Interrompida: o processo que executava esta tarefa foi encerrado (boom (x))', [{ code: 'task_interrupted', detail: 'boom (x)' }]],
  ['Tipo de tarefa desconhecido: limpa_tudo', [{ code: 'task_type_unknown', params: { type: 'limpa_tudo' } }]],
  ['no active IXC source', [{ code: 'no_active_source' }]],
  [
    'Queda: Centro: A mensagem “Aviso” está inativa: ative-a ou edite o gatilho.',
    [{ code: 'message_inactive', params: { description: 'Aviso' }, subject: 'Queda: Centro' }],
  ],
  ['Opa demo: Unauthorized; SMS: Forbidden', [{ code: 'legacy', detail: 'Opa demo: Unauthorized; SMS: Forbidden' }]],
];

const triggerTexts: [string, Notice][] = [
  ['O filtro salvo deste gatilho foi excluído: edite o gatilho e escolha outro filtro.', { code: 'filter_missing' }],
  [
    'O filtro salvo “Queda (NAS)” não é mais válido (filter.nas.0: no NAS named "X"): corrija-o no relatório.',
    { code: 'filter_invalid', params: { name: 'Queda (NAS)' }, detail: 'filter.nas.0: no NAS named "X"' },
  ],
  ['A mensagem 7 deste gatilho foi excluída: edite o gatilho e escolha outra.', { code: 'message_missing', params: { id: 7 } }],
  ['A mensagem “Aviso e-mail” está inativa: ative-a ou edite o gatilho.', { code: 'message_inactive', params: { description: 'Aviso e-mail' } }],
  ['A mensagem 3 aparece duas vezes no gatilho.', { code: 'message_twice', params: { id: 3 } }],
  [
    'O gatilho tem duas mensagens de e-mail (“A” e “B”).',
    { code: 'channel_twice', params: { channel: 'email', first: 'A', second: 'B' } },
  ],
  [
    'O campo livre “Previsão” da mensagem “Aviso” é obrigatório e está vazio: edite o gatilho.',
    { code: 'free_required', params: { label: 'Previsão', description: 'Aviso' } },
  ],
  ['Substituída pela avaliação #42', { code: 'superseded', params: { run: 42 } }],
  ['Erro ao avaliar o gatilho: deadlock detected', { code: 'evaluation_error', detail: 'deadlock detected' }],
  ['Algo que ninguém previu', { code: 'legacy', detail: 'Algo que ninguém previu' }],
];

const webhookTexts: [string, Notice][] = [
  ['HTTP 503', { code: 'http_status', params: { status: 503 } }],
  ['no answer within 10000 ms', { code: 'timeout', params: { seconds: 10 } }],
  ['the dispatcher stopped during this attempt', { code: 'dispatcher_stopped' }],
  ['ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9', { code: 'legacy', detail: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' }],
];

const SECRET =
  "A stored secret cannot be decrypted with this installation's key (AVISA_SECRET_KEY or secret.key changed?). Enter the token/password again.";

describe.each(backends)('migration 0013_notices on $name', (backend) => {
  let database: Database;
  let folder: string;
  beforeAll(async () => {
    folder = migrationsBefore(BEFORE);
    database = await backend.openEmpty();
    await database.migrate({ migrationsFolder: folder });
    const { db } = database;
    await db.execute(sql`insert into send_batches (channel, message_description, actor, filter, free_values, matched, enqueued, skipped, skip_counts)
      values ('whatsapp', 'Aviso', 'maria', '{}', '{}', 1, 1, 0, '{}')`);
    for (const [i, [text]] of queueTexts.entries()) {
      await db.execute(sql`insert into queue_items (batch_id, channel, integration_id, client_id, contact, contact_key, payload, status, last_error)
        values (1, 'whatsapp', 1, ${i + 1}, ${`+55489991${i}`}, ${`k${i}`}, '{}', 'failed', ${text})`);
    }
    for (const [i, [success, text]] of logTexts.entries()) {
      await db.execute(sql`insert into delivery_logs (channel, client_id, contact, success, message, attempt)
        values ('whatsapp', ${i + 1}, '+5548999100000', ${success}, ${text}, 1)`);
    }
    await db.execute(sql`insert into scheduled_tasks (type, description, minute, hour, day_of_month, month, day_of_week, options)
      values ('drain_whatsapp', 'Envia', '*', '*', '*', '*', '*', '{}')`);
    for (const [i, [text]] of taskTexts.entries()) {
      await db.execute(sql`insert into task_runs (task_id, due_at, status, error) values (1, ${new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()}::timestamptz, 'failed', ${text})`);
    }
    await db.execute(sql`insert into trigger_rules (name, message_ids, free_values) values ('Queda', '[]', '{}')`);
    for (const [text] of triggerTexts) {
      const decidedBy = text.startsWith('Substituída') ? 'sistema' : null;
      await db.execute(sql`insert into trigger_runs (rule_id, status, error, decided_by) values (1, 'failed', ${text}, ${decidedBy})`);
    }
    await db.execute(sql`insert into trigger_runs (rule_id, status, decided_by) values (1, 'discarded', 'sistema')`);
    await db.execute(sql`insert into integrations (kind, channel, description, config, last_check_message, halted_reason) values
      ('opa', 'whatsapp', 'A', '{}', '3 channels, 1 active WhatsApp', ${SECRET}),
      ('opa', 'whatsapp', 'B', '{}', null, 'refused by the provider'),
      ('opa', 'whatsapp', 'C', '{}', 'Unauthorized', 'Unauthorized'),
      ('opa', 'whatsapp', 'D', '{}', null, null)`);
    await db.execute(sql`insert into webhook_endpoints (url, description, events, secret, created_by) values ('http://127.0.0.1/x', 'x', '{batch.finished}', 's', 'admin')`);
    await db.execute(sql`insert into webhook_events (event, data) values ('batch.finished', '{}')`);
    for (const [text] of webhookTexts) {
      await db.execute(sql`insert into webhook_deliveries (event_id, endpoint_id, status, error) values (1, 1, 'failed', ${text})`);
    }
    await database.migrate();
  });
  afterAll(async () => {
    await database?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const column = async <T>(query: ReturnType<typeof sql>) => (await queryRows<{ v: T }>(database.db, query)).map((r) => r.v);
  const valid = (notices: (Notice | null)[]) => {
    for (const n of notices) if (n !== null) expect(noticeSchema.parse(n)).toEqual(n);
  };

  it('turns queue rows\' reasons into codes, the retry suffix into the attempt, and keeps unknown text as detail', async () => {
    const got = await column<Notice | null>(sql`select last_error as v from queue_items order by id`);
    expect(got).toEqual(queueTexts.map(([, n]) => n));
    valid(got);
  });

  it('makes a sent log line `sent` with the provider\'s words, and failures as the queue', async () => {
    const got = await column<Notice>(sql`select message as v from delivery_logs order by id`);
    expect(got).toEqual(logTexts.map(([, , n]) => n));
    valid(got);
    const found = await column<number>(sql`select id as v from delivery_logs where message->>'detail' ilike '%timeout%'`);
    expect(found).toEqual([3]); // the detail's trigram index replaces the message's
  });

  it('lists a task run\'s causes: the scheduler\'s texts, a gatilho task\'s "<rule>: <why>", else the whole text', async () => {
    const got = await column<Notice[] | null>(sql`select error as v from task_runs order by id`);
    expect(got).toEqual(taskTexts.map(([, n]) => n));
    valid(got.flat());
  });

  it('recognises every gatilho problem, and clears "sistema" from runs a newer evaluation replaced', async () => {
    const got = await column<Notice>(sql`select error as v from trigger_runs where error is not null order by id`);
    expect(got).toEqual(triggerTexts.map(([, n]) => n));
    valid(got);
    const decided = await queryRows<{ code: string | null; by: string | null }>(
      database.db,
      sql`select error->>'code' as code, decided_by as by from trigger_runs where decided_by is not null or error->>'code' = 'superseded' order by id`,
    );
    expect(decided).toEqual([
      { code: 'superseded', by: null },
      { code: null, by: 'sistema' }, // no notice says who: the old value stays
    ]);
  });

  it('converts integrations\' halt reasons and last checks, and webhook delivery errors', async () => {
    const integrations = await queryRows<{ check: Notice | null; halted: Notice | null }>(
      database.db,
      sql`select last_check_message as check, halted_reason as halted from integrations order by id`,
    );
    expect(integrations).toEqual([
      { check: { code: 'legacy', detail: '3 channels, 1 active WhatsApp' }, halted: { code: 'secret_unreadable' } },
      { check: null, halted: { code: 'provider_refused' } },
      { check: { code: 'legacy', detail: 'Unauthorized' }, halted: { code: 'legacy', detail: 'Unauthorized' } },
      { check: null, halted: null },
    ]);
    const deliveries = await column<Notice>(sql`select error as v from webhook_deliveries order by id`);
    expect(deliveries).toEqual(webhookTexts.map(([, n]) => n));
    valid(deliveries);
  });

  it('leaves none of its helper functions behind', async () => {
    expect(await column<string>(sql`select proname as v from pg_proc where proname like 'avisa_0013_%'`)).toEqual([]);
  });
});
