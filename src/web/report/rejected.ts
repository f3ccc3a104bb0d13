import type { TFunction } from 'i18next';
import type { ApiError } from '../api.js';
import ptBR from '../i18n/pt-BR.json' with { type: 'json' };
import type { ReportFilter } from './types.js';

type FieldLabel = keyof typeof ptBR.report.fields;
const isFieldLabel = (key: string): key is FieldLabel => Object.hasOwn(ptBR.report.fields, key);

/** Filters by name (a link may name a NAS instead of giving its id): the label of the id field they stand for. */
const byName: Partial<Record<keyof ReportFilter, FieldLabel>> = {
  nas: 'nasIds',
  pops: 'popIds',
  plans: 'planIds',
  cities: 'cityIds',
  ftthBoxes: 'ftthBoxIds',
};

/**
 * A filter the server refused (a link edited by hand, saved by another version, or naming a NAS that does not exist
 * here): the field by its label on the form, in the reader's language; the server's own words stay available as a
 * technical detail.
 */
export function rejectedText(t: TFunction, error: ApiError, filter: ReportFilter): string {
  const [root, key = '', index] = error.field?.split('.') ?? [];
  if (root === 'filter' && Object.hasOwn(byName, key)) {
    const name = (filter[key as keyof ReportFilter] as unknown[] | undefined)?.[Number(index)];
    if (typeof name === 'string') return t('report.rejectedName', { field: t(`report.fields.${byName[key as keyof ReportFilter]!}`), name });
  }
  const label = root === 'filter' ? key : root === 'sort' && key ? `sort${key[0]!.toUpperCase()}${key.slice(1)}` : '';
  return isFieldLabel(label) ? t('report.rejectedField', { field: t(`report.fields.${label}`) }) : t('report.rejected');
}
