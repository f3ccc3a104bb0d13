import type { TFunction } from 'i18next';
import type { ApiError } from '../api.js';
import ptBR from '../i18n/pt-BR.json' with { type: 'json' };

type FieldLabel = keyof typeof ptBR.report.fields;
const isFieldLabel = (key: string): key is FieldLabel => Object.hasOwn(ptBR.report.fields, key);

/**
 * A filter the server refused (a link edited by hand, or saved by another version): the field by its label on the
 * form, in the reader's language; the server's own words stay available as a technical detail.
 */
export function rejectedText(t: TFunction, error: ApiError): string {
  const [root, key = ''] = error.field?.split('.') ?? [];
  const label = root === 'filter' ? key : root === 'sort' && key ? `sort${key[0]!.toUpperCase()}${key.slice(1)}` : '';
  return isFieldLabel(label) ? t('report.rejectedField', { field: t(`report.fields.${label}`) }) : t('report.rejected');
}
