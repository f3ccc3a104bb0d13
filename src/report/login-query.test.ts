import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { generateDemo } from '../ingest/demo/generate.js';
import { backends } from '../test-support/databases.js';
import { type IdFilter, type ReportSort, sortColumns } from './filter.js';
import { loginsCsv } from './export-csv.js';
import { queryLogins } from './login-query.js';
import { loadReference, matches, type RefLogin, sorted } from './reference.test-support.js';
import { MAX_GROUPS, summarise } from './summary.js';

const NOW = new Date('2026-01-15T15:00:00Z');
const LOGINS = 1500;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(backends)('login report queries on $name', (backend) => {
  let database: Database;
  let ref: RefLogin[];
  const expected = (filter: IdFilter, sort: ReportSort = { column: 'login', dir: 'asc' }) =>
    sorted(ref.filter((r) => matches(r, filter, NOW)), sort).map((r) => r.id);
  /** Every id through the CSV export's keyset-paged COPY statements, read in the sort's order (not filtered first, as pages are). */
  const allIds = async (filter: IdFilter, sort?: ReportSort, rowsPerCopy = 400) => {
    const options = { filter, now: NOW, rowsPerCopy, filterFirst: false, timeZone: 'America/Sao_Paulo', ...(sort ? { sort } : {}) };
    const pieces: Uint8Array[] = [];
    for await (const piece of loginsCsv(database.db, options).records) pieces.push(piece);
    const records = Buffer.concat(pieces).toString('utf8').split('\r\n').slice(0, -1);
    return records.map((record) => Number(record.slice(0, record.indexOf(';'))));
  };

  beforeAll(async () => {
    database = await backend.open();
    await generateDemo(database.db, { logins: LOGINS, seed: 4, timezone: 'America/Sao_Paulo', now: NOW });
    ref = await loadReference(database.db);
  });
  afterAll(async () => database?.close());

  /** Filter values taken from the data, so every case selects some rows and leaves others out. */
  function cases(): [string, IdFilter][] {
    const pick = <T>(test: (r: RefLogin) => T | null | undefined | false): T => {
      for (const r of ref) {
        const v = test(r);
        if (v !== null && v !== undefined && v !== false) return v;
      }
      throw new Error('no row fits');
    };
    const twoLogins = pick((r) => ref.filter((x) => x.clientId === r.clientId).length > 1 && r.clientId);
    const accented = pick((r) => /[ãçéíóúâêô]/i.test(r.clientName) && r.clientName.split(' ').find((w) => /[ãçéíóúâêô]/i.test(w)));
    const fold = (t: string) => t.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
    const cpf = pick((r) => r.cpfCnpj && r.cpfCnpj.replace(/\D/g, '').length === 11 && r.cpfCnpj);
    const ownCity = pick((r) => r.cityId !== ref.find((x) => x.clientId === r.clientId && x.id !== r.id)?.cityId && r.cityId);
    const bairro = pick((r) => r.neighbourhood && /[ãçéíóúâêô]/i.test(r.neighbourhood) && r.neighbourhood);
    const login = pick((r) => r.login.includes('.') && r.login);
    const mac = pick((r) => r.mac);
    const macPart = `${mac.slice(3, 5).toLowerCase()}-${mac.slice(6, 8)}`;
    const ended = ref.filter((r) => r.endedMs !== null).map((r) => r.endedMs as number).sort((a, b) => a - b);
    const started = ref.filter((r) => r.startedMs !== null).map((r) => r.startedMs as number).sort((a, b) => a - b);
    const quantile = (list: number[], q: number) => list[Math.floor(list.length * q)] as number;
    const outageNas = pick((r) => r.online === 'N' && r.disconnectReason === 'NAS-Request' && r.nasId);
    const boxes = [...new Set(ref.filter((r) => r.ftthBoxId !== null).map((r) => r.ftthBoxId as number))].slice(0, 5);
    const city = pick((r) => r.cityId);
    return [
      ['nothing', {}],
      ['empty lists and blank text', { nasIds: [], contractStatus: [], login: '  ', clientName: '' }],
      ['clientId', { clientId: twoLogins }],
      ['clientName, accents and case folded', { clientName: fold(accented) }],
      ['cpfCnpj, a whole CPF as typed', { cpfCnpj: cpf }],
      ['cpfCnpj, some digits', { cpfCnpj: '123' }],
      ['cpfCnpj, no digits', { cpfCnpj: 'abc' }],
      ['branchIds', { branchIds: [2, 3] }],
      ['cityIds (own address or the client’s)', { cityIds: [ownCity] }],
      ['neighbourhood, accents folded', { neighbourhood: fold(bairro).slice(0, 6) }],
      ['condominiumIds', { condominiumIds: [1, 2, 3, 4, 5, 6, 7, 8] }],
      ['clientActive false', { clientActive: false }],
      ['clientActive true', { clientActive: true }],
      ['contractStatus', { contractStatus: ['I', 'P', 'N'] }],
      ['accessStatus', { accessStatus: ['CA', 'FA'] }],
      ['planIds', { planIds: [1, 6] }],
      ['hasValidMobile true', { hasValidMobile: true }],
      ['hasValidMobile false', { hasValidMobile: false }],
      ['hasEmail true', { hasEmail: true }],
      ['hasEmail false', { hasEmail: false }],
      ['optedOutWhatsapp', { optedOutWhatsapp: true }],
      ['optedOutEmail false', { optedOutEmail: false }],
      ['optedOutSms', { optedOutSms: true }],
      ['login exact', { login, loginMatch: 'exact' }],
      ['login exact is case-sensitive', { login: login.toUpperCase(), loginMatch: 'exact' }],
      ['login contains, any case', { login: login.slice(1, 5).toUpperCase() }],
      ['login contains takes % and _ literally', { login: '%' }],
      ['online: offline', { online: ['offline'] }],
      ['online: never', { online: ['never'] }],
      ['online: online or never', { online: ['online', 'never'] }],
      ['offline for 15 minutes', { offlineForAtLeast: { value: 15, unit: 'minutes' } }],
      ['offline for 2 hours', { offlineForAtLeast: { value: 2, unit: 'hours' } }],
      ['offline for 3.5 days', { offlineForAtLeast: { value: 3.5, unit: 'days' } }],
      ['session ended between', { sessionEndedFrom: iso(quantile(ended, 0.3)), sessionEndedTo: iso(quantile(ended, 0.6)) }],
      ['session ended from (an offset)', { sessionEndedFrom: new Date(quantile(ended, 0.5)).toISOString().replace('Z', '+00:00') }],
      ['session started until', { sessionStartedTo: iso(quantile(started, 0.2)) }],
      ['session started between', { sessionStartedFrom: iso(quantile(started, 0.1)), sessionStartedTo: iso(quantile(started, 0.9)) }],
      ['disconnectReasons', { disconnectReasons: ['Lost-Carrier', 'NAS-Request'] }],
      ['nasIds', { nasIds: [outageNas] }],
      ['popIds', { popIds: [1, 4, 15] }],
      ['ftthBoxIds', { ftthBoxIds: boxes }],
      ['ftthPort', { ftthPort: '3' }],
      ['radiusGroupIds', { radiusGroupIds: [90, 2] }],
      ['authTypes', { authTypes: ['M', 'V'] }],
      ['loginActive false', { loginActive: false }],
      ['ipContains', { ipContains: '100.6' }],
      ['macContains ignores separators and case', { macContains: macPart }],
      ['macContains without hex digits', { macContains: 'zz' }],
      ['bench 1: NAS and offline ≥ 15 min', { nasIds: [outageNas], offlineForAtLeast: { value: 15, unit: 'minutes' } }],
      ['bench 2: city, active contract, offline', { cityIds: [city], contractStatus: ['A'], online: ['offline'] }],
      ['bench 3: login contains', { login: 'abc' }],
      [
        'a send audience',
        { clientActive: true, hasValidMobile: true, optedOutWhatsapp: false, online: ['offline'], popIds: [1, 2, 3, 4, 5] },
      ],
      ['contradiction: online and offline ≥ 1 min', { online: ['online'], offlineForAtLeast: { value: 1, unit: 'minutes' } }],
    ];
  }

  it('has a reference worth comparing with', () => {
    expect(ref).toHaveLength(LOGINS);
    expect(ref.filter((r) => r.mobileE164 === null).length).toBeGreaterThan(50);
    expect(ref.filter((r) => r.online === 'N').length).toBeGreaterThan(50);
  });

  it('returns exactly the rows, in order, and the count of a plain filter for every key and some combinations', async () => {
    for (const [name, filter] of cases()) {
      const want = expected(filter);
      const page = await queryLogins(database.db, { filter, now: NOW, pageSize: 1000 });
      expect(page.total, name).toBe(want.length);
      expect(page.rows.map((r) => r.id), name).toEqual(want.slice(0, 1000));
      expect(await allIds(filter), name).toEqual(want);
      if (name !== 'nothing' && !name.startsWith('empty')) expect(want.length, name).toBeLessThan(LOGINS);
    }
  });

  it('sorts by every column both ways, nulls last, ties by login id, across pages and the export’s COPY statements', async () => {
    const filter: IdFilter = { popIds: [1, 3, 12, 15] };
    for (const column of sortColumns) {
      for (const dir of ['asc', 'desc'] as const) {
        const sort = { column, dir };
        const want = expected(filter, sort);
        const paged: number[] = [];
        for (let page = 1; paged.length < want.length; page++) {
          const result = await queryLogins(database.db, { filter, sort, page, pageSize: 160, now: NOW });
          expect(result.rows.length, `${column} ${dir} page ${page}`).toBeGreaterThan(0);
          paged.push(...result.rows.map((r) => r.id));
        }
        expect(paged, `${column} ${dir}`).toEqual(want);
        expect(await allIds(filter, sort, 130), `${column} ${dir} chunks`).toEqual(want);
      }
    }
  });

  it('pages past the end as an empty page with the total', async () => {
    const result = await queryLogins(database.db, { filter: {}, page: 99, pageSize: 100, now: NOW });
    expect(result).toMatchObject({ rows: [], total: LOGINS, page: 99, pageSize: 100 });
  });

  it('counts every login without a filter as logins come and go (the total is not a stale estimate)', async () => {
    const total = async () => (await queryLogins(database.db, { filter: {}, now: NOW, pageSize: 1 })).total;
    const client = ref[0]!.clientId;
    await database.db.execute(sql`insert into logins (id, login, client_id, online) values (900001, 'zz-new-1', ${client}, 'S'), (900002, 'zz-new-2', ${client}, 'N')`);
    try {
      expect(await total()).toBe(LOGINS + 2);
      await database.db.execute(sql`delete from logins where id = 900001`);
      expect(await total()).toBe(LOGINS + 1);
    } finally {
      await database.db.execute(sql`delete from logins where id in (900001, 900002)`);
    }
    expect(await total()).toBe(LOGINS);
  });

  it('pages with a total the caller already has without counting again, the same rows as a counted page', async () => {
    const filter: IdFilter = { online: ['offline'] };
    const counted = await queryLogins(database.db, { filter, page: 2, pageSize: 3, now: NOW });
    expect(counted.total).toBeGreaterThan(6);
    // a total that is not the count shows it was not counted; the rows are the live ones either way
    const known = await queryLogins(database.db, { filter, page: 2, pageSize: 3, now: NOW, knownTotal: counted.total + 7 });
    expect(known).toEqual({ ...counted, total: counted.total + 7 });
    for (const filterFirst of [true, false]) {
      const forced = await queryLogins(database.db, { filter, page: 2, pageSize: 3, now: NOW, knownTotal: counted.total, filterFirst });
      expect(forced.rows.map((r) => r.id)).toEqual(counted.rows.map((r) => r.id));
    }
    // a page past the known total is empty, as past a counted one
    expect(await queryLogins(database.db, { filter, page: 2, pageSize: 3, now: NOW, knownTotal: 3 })).toMatchObject({ rows: [], total: 3 });
  });

  it('shows each row with its names, effective address, offline time and mobile', async () => {
    const { rows } = await queryLogins(database.db, { filter: { online: ['offline'] }, pageSize: 1000, now: NOW });
    for (const row of rows) {
      const r = ref.find((x) => x.id === row.id) as RefLogin;
      expect(row).toMatchObject({
        login: r.login,
        clientName: r.clientName,
        nasName: r.nasName,
        popName: r.popName,
        ftthBoxName: r.ftthBoxName,
        planName: r.planName,
        cityName: r.cityName,
        neighbourhood: r.neighbourhood,
        sessionEndedAt: r.endedMs === null ? null : iso(r.endedMs),
        offlineSeconds: r.endedMs === null ? null : Math.floor((NOW.getTime() - r.endedMs) / 1000),
      });
      expect(row.mobile.e164).toBe(r.mobileE164);
      if (row.mobile.e164) expect(row.mobile.display).toMatch(/^\+55 \(\d\d\) 9\d{4}-\d{4}$/);
      else expect(row.mobile).toMatchObject({ display: null, problem: expect.stringMatching(/missing|invalid|landline/) });
    }
    const online = await queryLogins(database.db, { filter: { online: ['online'] }, pageSize: 5, now: NOW });
    expect(online.rows.every((r) => r.offlineSeconds === null)).toBe(true);
  });

  it('summarises the same filter: totals, and groups that add up to the page totals', async () => {
    for (const filter of [{}, { online: ['offline'] }, { cityIds: [ref[0]?.cityId as number] }, { login: 'zzzz-none' }] as IdFilter[]) {
      const rows = ref.filter((r) => matches(r, filter, NOW));
      const summary = await summarise(database.db, filter, NOW);
      const { total } = await queryLogins(database.db, { filter, now: NOW, pageSize: 1 });
      const count = (list: RefLogin[]) => ({
        total: list.length,
        online: list.filter((r) => r.online === 'S').length,
        offline: list.filter((r) => r.online === 'N').length,
        never: list.filter((r) => r.online === 'SS' || r.online === 'I').length,
      });
      expect(summary).toMatchObject(count(rows));
      expect(summary.total).toBe(total);
      const groupsOf = (id: (r: RefLogin) => number | null, name: (r: RefLogin) => string | null) => {
        const ids = [...new Set(rows.map(id))];
        return ids
          .map((g) => ({ id: g, name: name(rows.find((r) => id(r) === g) as RefLogin), ...count(rows.filter((r) => id(r) === g)) }))
          .sort((a, b) => b.offline - a.offline || cmpName(a.name, b.name) || (a.id ?? Infinity) - (b.id ?? Infinity))
          .slice(0, MAX_GROUPS);
      };
      expect(summary.byNas).toEqual(groupsOf((r) => r.nasId, (r) => r.nasName));
      expect(summary.byPop).toEqual(groupsOf((r) => r.popId, (r) => r.popName));
      expect(summary.byFtthBox).toEqual(groupsOf((r) => r.ftthBoxId, (r) => r.ftthBoxName));
      expect(summary.byNas.reduce((n, g) => n + g.total, 0)).toBe(total);
    }
  });
});

function cmpName(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
