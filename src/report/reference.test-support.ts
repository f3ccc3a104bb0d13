/**
 * The report's oracle for tests: every login of a (small) database loaded once with its raw source values,
 * and a plain TypeScript filter, sort and summary over them. It recomputes what the database derives — the
 * effective address, the best mobile, e-mail validity, folded names — from the raw values, so a test also
 * checks the triggers and the import's derived columns.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { foldForSearch } from '../shared/fold.js';
import { isValidEmail } from '../shared/email.js';
import { bestMobile } from '../shared/phone.js';
import { ONLINE_CODES, type ReportFilter, type ReportSort, type SortColumn, UNIT_SECONDS } from './filter.js';

export interface RefLogin {
  id: number;
  login: string;
  clientId: number;
  contractId: number | null;
  active: boolean;
  online: string;
  startedMs: number | null;
  endedMs: number | null;
  disconnectReason: string | null;
  nasId: number | null;
  popId: number | null;
  ftthBoxId: number | null;
  ftthPort: string | null;
  radiusGroupId: number | null;
  authType: string | null;
  ip: string | null;
  mac: string | null;
  cityId: number | null;
  neighbourhood: string | null;
  clientName: string;
  cpfCnpj: string | null;
  branchId: number | null;
  condominiumId: number | null;
  clientActive: boolean;
  mobileE164: string | null;
  emailValid: boolean;
  optOutWhatsapp: boolean;
  optOutEmail: boolean;
  optOutSms: boolean;
  contractStatus: string | null;
  accessStatus: string | null;
  planId: number | null;
  planName: string | null;
  nasName: string | null;
  popName: string | null;
  ftthBoxName: string | null;
  cityName: string | null;
}

export async function loadReference(db: Db): Promise<RefLogin[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select l.id, l.login, l.client_id, l.contract_id, l.active, l.online,
               l.session_started_at, l.session_ended_at, l.disconnect_reason, l.nas_id, l.pop_id, l.ftth_box_id,
               l.ftth_port, l.radius_group_id, l.auth_type, l.ip_address, l.mac_address,
               case when l.uses_client_address then c.city_id else l.city_id end as city_id,
               case when l.uses_client_address then c.neighbourhood else l.neighbourhood end as neighbourhood,
               c.name as client_name, c.cpf_cnpj, c.branch_id, c.condominium_id, c.active as client_active,
               c.whatsapp, c.mobile, c.phone, c.email, c.opt_out_whatsapp, c.opt_out_email, c.opt_out_sms,
               k.status, k.access_status, k.plan_id, p.name as plan_name, n.name as nas_name,
               o.name as pop_name, b.name as box_name
          from logins l join clients c on c.id = l.client_id
          left join contracts k on k.id = l.contract_id left join plans p on p.id = k.plan_id
          left join nas n on n.id = l.nas_id left join pops o on o.id = l.pop_id
          left join ftth_boxes b on b.id = l.ftth_box_id`,
  );
  const cities = new Map(
    (await queryRows<{ id: number; name: string }>(db, sql`select id, name from cities`)).map((c) => [c.id, c.name]),
  );
  const ms = (v: unknown) => (v === null ? null : new Date(v as string).getTime());
  return rows.map((r) => ({
    id: r.id as number,
    login: r.login as string,
    clientId: r.client_id as number,
    contractId: r.contract_id as number | null,
    active: r.active as boolean,
    online: r.online as string,
    startedMs: ms(r.session_started_at),
    endedMs: ms(r.session_ended_at),
    disconnectReason: r.disconnect_reason as string | null,
    nasId: r.nas_id as number | null,
    popId: r.pop_id as number | null,
    ftthBoxId: r.ftth_box_id as number | null,
    ftthPort: r.ftth_port as string | null,
    radiusGroupId: r.radius_group_id as number | null,
    authType: r.auth_type as string | null,
    ip: r.ip_address as string | null,
    mac: r.mac_address as string | null,
    cityId: r.city_id as number | null,
    neighbourhood: r.neighbourhood as string | null,
    clientName: r.client_name as string,
    cpfCnpj: r.cpf_cnpj as string | null,
    branchId: r.branch_id as number | null,
    condominiumId: r.condominium_id as number | null,
    clientActive: r.client_active as boolean,
    mobileE164: bestMobile([r.whatsapp, r.mobile, r.phone] as (string | null)[]).e164,
    emailValid: isValidEmail(r.email as string | null),
    optOutWhatsapp: r.opt_out_whatsapp as boolean,
    optOutEmail: r.opt_out_email as boolean,
    optOutSms: r.opt_out_sms as boolean,
    contractStatus: r.status as string | null,
    accessStatus: r.access_status as string | null,
    planId: r.plan_id as number | null,
    planName: r.plan_name as string | null,
    nasName: r.nas_name as string | null,
    popName: r.pop_name as string | null,
    ftthBoxName: r.box_name as string | null,
    cityName: r.city_id === null ? null : (cities.get(r.city_id as number) ?? null),
  }));
}

const has = <T>(list: readonly T[] | undefined): list is readonly T[] => list !== undefined && list.length > 0;
const text = (t: string | undefined): t is string => t !== undefined && t.trim() !== '';
const digits = (t: string | null) => (t ?? '').replace(/\D/g, '');
const inList = <T>(list: readonly T[] | undefined, value: T | null) => !has(list) || (value !== null && list.includes(value));
const is = (want: boolean | undefined, value: boolean) => want === undefined || want === value;
const contains = (hay: string | null, needle: string) => hay?.includes(needle) ?? false;

export function matches(r: RefLogin, f: ReportFilter, now: Date): boolean {
  if (f.clientId !== undefined && r.clientId !== f.clientId) return false;
  if (text(f.clientName) && !foldForSearch(r.clientName).includes(foldForSearch(f.clientName))) return false;
  if (text(f.cpfCnpj)) {
    const want = digits(f.cpfCnpj);
    const ok = want.length === 11 || want.length === 14 ? digits(r.cpfCnpj) === want : want !== '' && digits(r.cpfCnpj).includes(want);
    if (!ok || r.cpfCnpj === null) return false;
  }
  if (!inList(f.branchIds, r.branchId) || !inList(f.cityIds, r.cityId) || !inList(f.condominiumIds, r.condominiumId)) return false;
  if (text(f.neighbourhood) && !contains(r.neighbourhood && foldForSearch(r.neighbourhood), foldForSearch(f.neighbourhood))) return false;
  if (!is(f.clientActive, r.clientActive)) return false;
  if (!inList<string>(f.contractStatus, r.contractStatus) || !inList<string>(f.accessStatus, r.accessStatus)) return false;
  if (!inList(f.planIds, r.planId)) return false;
  if (!is(f.hasValidMobile, r.mobileE164 !== null) || !is(f.hasEmail, r.emailValid)) return false;
  if (!is(f.optedOutWhatsapp, r.optOutWhatsapp) || !is(f.optedOutEmail, r.optOutEmail) || !is(f.optedOutSms, r.optOutSms)) return false;
  if (text(f.login)) {
    const ok = f.loginMatch === 'exact' ? r.login === f.login.trim() : r.login.toLowerCase().includes(f.login.trim().toLowerCase());
    if (!ok) return false;
  }
  if (has(f.online) && !f.online.some((state) => ONLINE_CODES[state].includes(r.online))) return false;
  if (f.offlineForAtLeast) {
    const limit = now.getTime() - f.offlineForAtLeast.value * UNIT_SECONDS[f.offlineForAtLeast.unit] * 1000;
    if (r.online !== 'N' || r.endedMs === null || r.endedMs > limit) return false;
  }
  const within = (v: number | null, from?: string, to?: string) =>
    (!from || (v !== null && v >= Date.parse(from))) && (!to || (v !== null && v <= Date.parse(to)));
  if (!within(r.endedMs, f.sessionEndedFrom, f.sessionEndedTo)) return false;
  if (!within(r.startedMs, f.sessionStartedFrom, f.sessionStartedTo)) return false;
  if (!inList(f.disconnectReasons, r.disconnectReason)) return false;
  if (!inList(f.nasIds, r.nasId) || !inList(f.popIds, r.popId) || !inList(f.ftthBoxIds, r.ftthBoxId)) return false;
  if (text(f.ftthPort) && r.ftthPort !== f.ftthPort.trim()) return false;
  if (!inList(f.radiusGroupIds, r.radiusGroupId) || !inList<string>(f.authTypes, r.authType)) return false;
  if (!is(f.loginActive, r.active)) return false;
  if (text(f.ipContains) && !contains(r.ip?.toLowerCase() ?? null, f.ipContains.trim().toLowerCase())) return false;
  if (text(f.macContains)) {
    const hex = (t: string | null) => (t ?? '').replace(/[^0-9a-f]/gi, '').toLowerCase();
    if (hex(f.macContains) === '' || r.mac === null || !hex(r.mac).includes(hex(f.macContains))) return false;
  }
  return true;
}

const ONLINE_RANK: Record<string, number> = { S: 0, N: 1, SS: 2, I: 3 };

function sortKey(r: RefLogin, column: SortColumn): string | number | null {
  switch (column) {
    case 'login': return r.login;
    case 'clientName': return foldForSearch(r.clientName);
    case 'clientId': return r.clientId;
    case 'contractId': return r.contractId;
    case 'online': return ONLINE_RANK[r.online] ?? 3;
    case 'sessionStartedAt': return r.startedMs;
    case 'sessionEndedAt': return r.endedMs;
    case 'offlineSeconds': return r.online === 'N' && r.endedMs !== null ? -r.endedMs : null;
    case 'disconnectReason': return r.disconnectReason;
    case 'nasName': return r.nasName;
    case 'popName': return r.popName;
    case 'ftthBoxName': return r.ftthBoxName;
    case 'cityName': return r.cityName === null ? null : foldForSearch(r.cityName);
    case 'neighbourhood': return r.neighbourhood === null ? null : foldForSearch(r.neighbourhood);
    case 'planName': return r.planName;
  }
}

/** Code-point order for text (= byte order of UTF-8, PostgreSQL's `collate "C"`), nulls last, then id. */
export function sorted(rows: readonly RefLogin[], sort: ReportSort): RefLogin[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const keyed = rows.map((r) => ({ r, k: sortKey(r, sort.column) }));
  keyed.sort((a, b) => {
    if (a.k === null || b.k === null) return a.k === b.k ? sign * (a.r.id - b.r.id) : a.k === null ? 1 : -1;
    if (a.k !== b.k) return sign * (a.k < b.k ? -1 : 1);
    return sign * (a.r.id - b.r.id);
  });
  return keyed.map((x) => x.r);
}
