/**
 * The "Relatório de status logins" contract as the UI sees it (the server side lives in src/report and src/http).
 * Code lists keep IXC's codes; their labels are in the i18n catalogs under `report.codes`.
 */

export const contractStatuses = ['A', 'I', 'P', 'N', 'D'] as const;
export type ContractStatus = (typeof contractStatuses)[number];

export const accessStatuses = ['A', 'D', 'CM', 'CA', 'FA', 'AA', 'CE'] as const;
export type AccessStatus = (typeof accessStatuses)[number];

export const onlineStates = ['online', 'offline', 'never'] as const;
export type OnlineState = (typeof onlineStates)[number];

export const authTypes = ['L', 'H', 'M', 'V', 'D', 'I', 'E'] as const;
export type AuthType = (typeof authTypes)[number];

export const durationUnits = ['minutes', 'hours', 'days'] as const;
export type DurationUnit = (typeof durationUnits)[number];

export const loginMatches = ['contains', 'exact'] as const;
export type LoginMatch = (typeof loginMatches)[number];

/** Every key is optional and empty values are never sent: the server rejects unknown keys and empty strings. */
export interface ReportFilter {
  clientId?: number;
  clientName?: string;
  cpfCnpj?: string;
  branchIds?: number[];
  cityIds?: number[];
  neighbourhood?: string;
  condominiumIds?: number[];
  clientActive?: boolean;
  contractStatus?: ContractStatus[];
  accessStatus?: AccessStatus[];
  planIds?: number[];
  hasValidMobile?: boolean;
  hasEmail?: boolean;
  optedOutWhatsapp?: boolean;
  optedOutEmail?: boolean;
  optedOutSms?: boolean;
  login?: string;
  loginMatch?: LoginMatch;
  online?: OnlineState[];
  offlineForAtLeast?: { value: number; unit: DurationUnit };
  sessionEndedFrom?: string;
  sessionEndedTo?: string;
  sessionStartedFrom?: string;
  sessionStartedTo?: string;
  disconnectReasons?: string[];
  nasIds?: number[];
  popIds?: number[];
  ftthBoxIds?: number[];
  ftthPort?: string;
  radiusGroupIds?: number[];
  authTypes?: AuthType[];
  loginActive?: boolean;
  ipContains?: string;
  macContains?: string;
}

export type FilterKey = keyof ReportFilter;

import type { SortColumn } from '../../report/sort-columns.js';

export { type SortColumn, sortColumns } from '../../report/sort-columns.js';
export type SortDir = 'asc' | 'desc';

export interface ReportSort {
  column: SortColumn;
  dir: SortDir;
}

export const DEFAULT_SORT: ReportSort = { column: 'login', dir: 'asc' };

export const pageSizes = [50, 100, 500, 1000] as const;
export type PageSize = (typeof pageSizes)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 50;

/** IXC's `online` flag: S online, N offline, SS never authenticated, I (unknown meaning, shown as no status). */
export type OnlineFlag = 'S' | 'N' | 'SS' | 'I';

export type MobileProblem = 'missing' | 'invalid' | 'landline';

export interface LoginRow {
  id: number;
  login: string;
  active: boolean;
  clientId: number | null;
  clientName: string | null;
  clientActive: boolean | null;
  contractId: number | null;
  contractStatus: ContractStatus | null;
  accessStatus: AccessStatus | null;
  planName: string | null;
  online: OnlineFlag;
  sessionStartedAt: string | null;
  sessionEndedAt: string | null;
  offlineSeconds: number | null;
  disconnectReason: string | null;
  nasId: number | null;
  nasName: string | null;
  popId: number | null;
  popName: string | null;
  ftthBoxId: number | null;
  ftthBoxName: string | null;
  ftthPort: string | null;
  cityName: string | null;
  state: string | null;
  neighbourhood: string | null;
  ipAddress: string | null;
  macAddress: string | null;
  email: string | null;
  mobile: { e164: string | null; display: string | null; problem: MobileProblem | null } | null;
}

export interface LoginPage {
  rows: LoginRow[];
  total: number;
  page: number;
  pageSize: number;
}

export interface SummaryGroup {
  id: number | null;
  name: string | null;
  total: number;
  online: number;
  offline: number;
  never: number;
}

export interface ReportSummary {
  total: number;
  online: number;
  offline: number;
  never: number;
  byNas: SummaryGroup[];
  byPop: SummaryGroup[];
  byFtthBox: SummaryGroup[];
}

export interface NamedOption {
  id: number;
  name: string;
}

export interface ReportOptions {
  branches: NamedOption[];
  cities: (NamedOption & { state: string | null })[];
  plans: NamedOption[];
  radiusGroups: NamedOption[];
  nas: NamedOption[];
  pops: NamedOption[];
  condominiums: NamedOption[];
  disconnectReasons: string[];
}

export interface SavedFilter {
  id: number;
  name: string;
  filter: ReportFilter;
  createdBy: string | number | null;
  createdAt: string;
  updatedAt: string;
}
