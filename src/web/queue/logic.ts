/** The Fila's rules, kept pure: progress, when to keep refreshing, priority names, a filter in a few words. */
import { filterKeys, readFilter } from '../report/filter.js';
import type { DurationUnit, FilterKey, ReportFilter } from '../report/types.js';
import type { Batch } from './types.js';

/** Rows that will not change any more (sent, failed, cancelled, uncertain) over the rows queued. */
export function progressOf(batch: Pick<Batch, 'enqueued' | 'states'>): { done: number; total: number; share: number } {
  const s = batch.states;
  const done = s.sent + s.failed + s.cancelled + s.uncertain;
  const total = Math.max(batch.enqueued, done + s.pending + s.claimed + s.sending);
  return { done, total, share: total > 0 ? done / total : 1 };
}

/** Rows not sent yet — pending, or claimed by a drain and not started — which Cancelar stops. */
export function cancellable(batch: Pick<Batch, 'states'>): number {
  return batch.states.pending + batch.states.claimed;
}

/** Rows still waiting or going out: the screen refreshes while there are any. */
export function isActive(batch: Pick<Batch, 'states'>): boolean {
  return cancellable(batch) + batch.states.sending > 0;
}

/** What the operator may do with a batch now. */
export function batchActions(batch: Pick<Batch, 'states'>): Record<'cancel' | 'retryFailed' | 'retryUncertain', boolean> {
  return {
    cancel: cancellable(batch) > 0,
    retryFailed: batch.states.failed > 0,
    retryUncertain: batch.states.uncertain > 0,
  };
}

/** "+55 (11) 98765-4321" for a Brazilian E.164 number; anything else (e-mail, foreign) as it is. */
export function displayContact(contact: string): string {
  const m = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(contact);
  return m ? `+55 (${m[1]}) ${m[2]}-${m[3]}` : contact;
}

type IdKey = 'branchIds' | 'cityIds' | 'condominiumIds' | 'planIds' | 'nasIds' | 'popIds' | 'ftthBoxIds' | 'radiusGroupIds';
type CodeGroup = 'contractStatus' | 'accessStatus' | 'online' | 'authType' | 'incidentAudience';

/** The words describeFilter needs, in the reader's language. */
export interface FilterLabels {
  /** A field's label: the key of report.fields (`sessionEnded` for both ends of that range). */
  field(key: string): string;
  code(group: CodeGroup, code: string): string;
  unit(unit: DurationUnit): string;
  yes: string;
  no: string;
  /** The name of an id (a NAS, a city…), when known. */
  name(key: IdKey, id: number): string | undefined;
  date(iso: string): string;
  more(count: number): string;
}

const MAX_NAMES = 2;

function names(values: string[], labels: FilterLabels): string {
  const shown = values.slice(0, MAX_NAMES).join(', ');
  return values.length > MAX_NAMES ? `${shown} ${labels.more(values.length - MAX_NAMES)}` : shown;
}

const codeGroups: Partial<Record<FilterKey, CodeGroup>> = {
  contractStatus: 'contractStatus',
  accessStatus: 'accessStatus',
  online: 'online',
  authTypes: 'authType',
};

const idKeys = new Set<FilterKey>([
  'branchIds',
  'cityIds',
  'condominiumIds',
  'planIds',
  'nasIds',
  'popIds',
  'ftthBoxIds',
  'radiusGroupIds',
]);

/** A stored report filter as "Label: value" parts, in the report's field order; [] for "everything". */
export function describeFilter(raw: unknown, labels: FilterLabels): string[] {
  const filter: ReportFilter = readFilter(raw);
  const parts: string[] = [];
  const range = (from?: string, to?: string) =>
    [from ? labels.date(from) : '…', to ? labels.date(to) : '…'].join(' – ');
  for (const key of filterKeys) {
    const value = filter[key];
    if (value === undefined || key === 'loginMatch') continue;
    if (key === 'sessionEndedTo' || key === 'sessionStartedTo') {
      if (filter[key === 'sessionEndedTo' ? 'sessionEndedFrom' : 'sessionStartedFrom'] !== undefined) continue;
    }
    let text: string;
    let label = labels.field(key);
    if (key === 'sessionEndedFrom' || key === 'sessionEndedTo') {
      label = labels.field('sessionEnded');
      text = range(filter.sessionEndedFrom, filter.sessionEndedTo);
    } else if (key === 'sessionStartedFrom' || key === 'sessionStartedTo') {
      label = labels.field('sessionStarted');
      text = range(filter.sessionStartedFrom, filter.sessionStartedTo);
    } else if (typeof value === 'boolean') {
      text = value ? labels.yes : labels.no;
    } else if (key === 'offlineForAtLeast' && typeof value === 'object' && 'unit' in value) {
      text = `${value.value} ${labels.unit(value.unit)}`;
    } else if (key === 'incident' && typeof value === 'object' && 'audience' in value) {
      text = `INC-${String(value.id).padStart(6, '0')} (${labels.code('incidentAudience', value.audience ?? 'affected')})`;
    } else if (key === 'maintenance' && typeof value === 'object' && 'id' in value) {
      text = `#${value.id}`;
    } else if (key === 'fallbackOf' && typeof value === 'object' && 'batchId' in value) {
      text = `#${value.batchId}`;
    } else if (Array.isArray(value)) {
      const group = codeGroups[key];
      const items = (value as (string | number)[]).map((v) => {
        if (group) return labels.code(group, String(v));
        if (idKeys.has(key) && typeof v === 'number') return labels.name(key as IdKey, v) ?? `#${v}`;
        return String(v);
      });
      text = names(items, labels);
    } else {
      text = key === 'login' && filter.loginMatch === 'exact' ? `= ${String(value)}` : String(value);
    }
    parts.push(`${label}: ${text}`);
  }
  return parts;
}
