import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { backends } from '../../test-support/databases.js';
import { dump, rowsOf } from '../fixtures.test-support.js';
import { isValidCpfCnpj } from './documents.js';
import { generateDemo } from './generate.js';

const TABLES = ['clients', 'contracts', 'logins', 'cities', 'branches', 'plans', 'nas', 'pops', 'ftth_boxes',
  'radius_groups', 'condominiums'];
const LOGINS = 2000;
const NOW = new Date('2026-01-15T15:00:00Z');
const TZ = 'America/Sao_Paulo';

describe.each(backends)('generateDemo on $name', (backend) => {
  let database: Database;
  let firstDump: Record<string, string[]>;
  beforeAll(async () => {
    database = await backend.open();
    const summary = await generateDemo(database.db, { logins: LOGINS, seed: 1, timezone: TZ, now: NOW, batchSize: 700 });
    expect(summary.rejected).toBe(0);
    expect(summary.counts.logins).toBe(LOGINS);
    firstDump = await dump(database.db, TABLES);
  });
  afterAll(async () => database?.close());

  const wipe = () => database.db.execute(sql.raw(`truncate ${TABLES.join(', ')}`));
  const share = async (where: string, table = 'logins') => {
    const [row] = await rowsOf<{ s: number }>(
      database.db,
      sql.raw(`select avg(case when ${where} then 1.0 else 0 end)::float8 as s from ${table}`),
    );
    return row?.s ?? 0;
  };

  it('is deterministic: the same seed gives identical rows, another seed different ones', async () => {
    await wipe();
    await generateDemo(database.db, { logins: LOGINS, seed: 1, timezone: TZ, now: NOW, batchSize: 1500 });
    expect(await dump(database.db, TABLES)).toEqual(firstDump);
    await wipe();
    await generateDemo(database.db, { logins: LOGINS, seed: 2, timezone: TZ, now: NOW });
    const other = await dump(database.db, TABLES);
    expect(other.logins).toHaveLength(LOGINS);
    expect(other.clients).not.toEqual(firstDump.clients);
    expect(other.logins).not.toEqual(firstDump.logins);
    await wipe();
    await generateDemo(database.db, { logins: LOGINS, seed: 1, timezone: TZ, now: NOW, batchSize: 700 });
  });

  it('stores the same rows through the merge (tables with rows) as copied straight into empty tables', async () => {
    await wipe();
    await database.db.execute(sql`insert into clients (id, name, name_search) values (99999999, 'Cliente de antes', 'cliente de antes')`);
    await generateDemo(database.db, { logins: LOGINS, seed: 1, timezone: TZ, now: NOW, batchSize: 700 });
    await database.db.execute(sql`delete from clients where id = 99999999`);
    expect(await dump(database.db, TABLES)).toEqual(firstDump);
  });

  it('names every FTTH box a login points at (on PostgreSQL, chunks stored at once may meet a box as a placeholder)', async () => {
    const [boxes] = await rowsOf<{ placeholders: number; missing: number }>(
      database.db,
      sql`select (select count(*) from ftth_boxes where name like '#%')::int as placeholders,
                 (select count(*) from logins l where l.ftth_box_id is not null
                     and not exists (select 1 from ftth_boxes b where b.id = l.ftth_box_id and b.pop_id is not null))::int as missing`,
    );
    expect(boxes).toEqual({ placeholders: 0, missing: 0 });
  });

  it('has ~1.15 logins per client, one contract per login, and the catalogue', async () => {
    const [counts] = await rowsOf<Record<string, number>>(
      database.db,
      sql`select (select count(*)::int from clients) as clients, (select count(*)::int from contracts) as contracts,
                 (select count(*)::int from logins) as logins, (select count(*)::int from nas) as nas,
                 (select count(*)::int from pops) as pops, (select count(*)::int from cities) as cities,
                 (select count(*)::int from ftth_boxes) as boxes,
                 (select max(n)::int from (select count(*) as n from logins group by client_id) t) as max_per_client`,
    );
    expect(LOGINS / (counts?.clients ?? 1)).toBeGreaterThan(1.08);
    expect(LOGINS / (counts?.clients ?? 1)).toBeLessThan(1.22);
    expect(counts).toMatchObject({ contracts: LOGINS, logins: LOGINS, nas: 15, pops: 20, max_per_client: 3 });
    expect(counts?.cities).toBeGreaterThanOrEqual(25);
    expect(counts?.boxes).toBeGreaterThan(100);
    const names = await rowsOf<{ name: string }>(database.db, sql`select name from cities where state = 'SC' order by name`);
    expect(names.map((c) => c.name)).toEqual(expect.arrayContaining(['São José', 'Florianópolis', 'Criciúma']));
    const [box] = await rowsOf<{ name: string }>(database.db, sql`select name from ftth_boxes order by id limit 1`);
    expect(box?.name).toMatch(/^CTO-[A-Z]+-[A-Z]+-\d{3}$/);
  });

  it('writes valid CPF/CNPJ, companies with a trade name, messy phones and e-mails, some opt-outs', async () => {
    const clients = await rowsOf<{ cpf_cnpj: string; person_type: string; fantasy_name: string | null }>(
      database.db,
      sql`select cpf_cnpj, person_type, fantasy_name from clients`,
    );
    expect(clients.every((c) => isValidCpfCnpj(c.cpf_cnpj))).toBe(true);
    const companies = clients.filter((c) => c.person_type === 'J');
    expect(companies.length / clients.length).toBeGreaterThan(0.04);
    expect(companies.length / clients.length).toBeLessThan(0.13);
    expect(companies.every((c) => c.fantasy_name && c.cpf_cnpj.replace(/\D/g, '').length === 14)).toBe(true);
    expect(await share(`mobile ~ '^\\(\\d\\d\\) 9\\d{4}-\\d{4}$'`, 'clients')).toBeGreaterThan(0.2);
    expect(await share(`mobile like '% / %'`, 'clients')).toBeGreaterThan(0.02);
    expect(await share(`mobile ~ '^\\+55 '`, 'clients')).toBeGreaterThan(0.02);
    expect(await share(`mobile is null and whatsapp is not null`, 'clients')).toBeGreaterThan(0.01);
    expect(await share(`mobile in ('não tem', '0000000', 'sem telefone', 'nao possui', '-', 'xx', '00000000000', '999999999')`, 'clients')).toBeGreaterThan(0.005);
    expect(await share('email is null', 'clients')).toBeGreaterThan(0.1);
    expect(await share(`email is not null and email !~ '^[^@ ]+@[^@ ]+\\.[^@ ]+$'`, 'clients')).toBeGreaterThan(0.01);
    for (const column of ['opt_out_email', 'opt_out_sms', 'opt_out_whatsapp']) {
      const s = await share(column, 'clients');
      expect(s, column).toBeGreaterThan(0.01);
      expect(s, column).toBeLessThan(0.12);
    }
    expect(await share(`name_search <> lower(name)`, 'clients')).toBeGreaterThan(0.1); // accents were folded
  });

  it('has mostly active contracts and online logins, with the other IXC codes present', async () => {
    expect(await share(`status = 'A'`, 'contracts')).toBeGreaterThan(0.85);
    const statuses = await rowsOf<{ status: string }>(database.db, sql`select distinct status from contracts order by 1`);
    expect(statuses.map((s) => s.status)).toEqual(['A', 'D', 'I', 'N', 'P']);
    const access = await rowsOf<{ a: string }>(database.db, sql`select distinct access_status as a from contracts order by 1`);
    expect(access.map((s) => s.a)).toEqual(expect.arrayContaining(['A', 'CA', 'CM', 'FA', 'D']));
    const offline = await share(`online = 'N'`);
    expect(offline).toBeGreaterThan(0.05);
    expect(offline).toBeLessThan(0.12);
    expect(await share(`online = 'SS'`)).toBeGreaterThan(0.005);
    expect(await share(`online = 'SS'`)).toBeLessThan(0.05);
    const reasons = await rowsOf<{ r: string }>(database.db, sql`select distinct disconnect_reason as r from logins where online = 'N'`);
    expect(reasons.map((r) => r.r)).toEqual(expect.arrayContaining(['Lost-Carrier', 'NAS-Request', 'User-Request', 'Idle-Timeout', 'Port-Error']));
  });

  it('offline since varied times, with outages where many logins dropped at the same minute', async () => {
    const [span] = await rowsOf<{ newest: number; oldest: number }>(
      database.db,
      sql`select extract(epoch from ${NOW.toISOString()}::timestamptz - max(session_ended_at))::float8 / 60 as newest,
                 extract(epoch from ${NOW.toISOString()}::timestamptz - min(session_ended_at))::float8 / 86400 as oldest
            from logins where online = 'N'`,
    );
    expect(span?.newest).toBeGreaterThan(0);
    expect(span?.newest).toBeLessThan(60); // minutes
    expect(span?.oldest).toBeGreaterThan(7); // days
    const clusters = await rowsOf<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from logins where online = 'N'
           group by nas_id, date_trunc('minute', session_ended_at) order by n desc limit 2`,
    );
    expect(clusters[0]?.n).toBeGreaterThanOrEqual(15);
    expect(clusters[1]?.n).toBeGreaterThanOrEqual(8);
  });

  it('writes IXC wall-clock times converted from the zone', async () => {
    const [row] = await rowsOf<{ ok: boolean }>(
      database.db,
      sql`select bool_and(session_ended_at <= ${NOW.toISOString()}::timestamptz) as ok from logins`,
    );
    expect(row?.ok).toBe(true);
  });
});
