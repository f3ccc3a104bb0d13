/**
 * The "Relatório de status logins" as the UI sees it: the server's schemas (src/report/filter.ts,
 * src/report/schemas.ts, src/report/contract.ts), dates as strings. Code lists keep IXC's codes; their labels are
 * in the i18n catalogs under `report.codes`. Only the page sizes and the form's own types are the UI's.
 */
import type { z } from 'zod';
import type { reportContract, savedFiltersContract } from '../../report/contract.js';
import type {
  accessStatuses,
  authTypes,
  contractStatuses,
  durationUnits,
  loginMatches,
  onlineStates,
  reportFilterSchema,
  ReportSort,
} from '../../report/filter.js';
import type { ResponseOf } from '../../shared/contract.js';

export {
  accessStatuses,
  authTypes,
  contractStatuses,
  DEFAULT_SORT,
  durationUnits,
  loginMatches,
  type NameKey,
  nameKeys,
  onlineStates,
  type ReportSort,
  type SortColumn,
  sortColumns,
} from '../../report/filter.js';

export type ContractStatus = (typeof contractStatuses)[number];
export type AccessStatus = (typeof accessStatuses)[number];
export type OnlineState = (typeof onlineStates)[number];
export type AuthType = (typeof authTypes)[number];
export type DurationUnit = (typeof durationUnits)[number];
export type LoginMatch = (typeof loginMatches)[number];

/** Every key is optional and empty values are never sent: the server rejects unknown keys and empty strings. */
export type ReportFilter = z.input<typeof reportFilterSchema>;
export type FilterKey = keyof ReportFilter;
export type SortDir = ReportSort['dir'];


export type LoginPage = ResponseOf<typeof reportContract.query>;
export type LoginRow = LoginPage['rows'][number];
/** IXC's `online` flag: S online, N offline, SS never authenticated, I (unknown meaning, shown as no status). */
export type OnlineFlag = LoginRow['online'];

export type ReportSummary = ResponseOf<typeof reportContract.summary>;
export type SummaryGroup = ReportSummary['byNas'][number];

export type ReportOptions = ResponseOf<typeof reportContract.options>;
export type NamedOption = ReportOptions['nas'][number];

export type SavedFilter = ResponseOf<typeof savedFiltersContract.list>['savedFilters'][number];
