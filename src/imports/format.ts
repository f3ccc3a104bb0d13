/**
 * What an upload is: its format from `?format=`, else its content type, else its name's extension; its encoding
 * from `?encoding=`, else the content type's charset, else UTF-8.
 */
import { extname } from 'node:path';
import { AppError } from '../shared/errors.js';
import type { ImportEncoding, ImportFormat } from './schemas.js';

const FORMAT_OF_TYPE: Record<string, ImportFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/comma-separated-values': 'csv',
  'application/vnd.ms-excel': 'csv', // what some browsers call a .csv file
  'application/json': 'json',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
  'application/jsonlines': 'jsonl',
};

const FORMAT_OF_EXTENSION: Record<string, ImportFormat> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

const ENCODING_OF_CHARSET: Record<string, ImportEncoding> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
};

function parseContentType(header: string | undefined): { type: string; charset: string | undefined } {
  const [type = '', ...params] = (header ?? '').split(';').map((p) => p.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  return { type, charset };
}

export function uploadFormat(query: { format?: ImportFormat | undefined; name?: string | undefined }, contentType: string | undefined): ImportFormat {
  if (query.format) return query.format;
  const { type } = parseContentType(contentType);
  const byType = FORMAT_OF_TYPE[type];
  if (byType) return byType;
  const byName = query.name ? FORMAT_OF_EXTENSION[extname(query.name).toLowerCase()] : undefined;
  if (byName) return byName;
  throw new AppError(
    'VALIDATION',
    `cannot tell the format of a ${type || 'body without a content type'}: send text/csv, application/json or application/x-ndjson, or add ?format=csv|json|jsonl`,
    'format',
  );
}

export function uploadEncoding(query: { encoding?: ImportEncoding | undefined }, contentType: string | undefined): ImportEncoding {
  if (query.encoding) return query.encoding;
  const { charset } = parseContentType(contentType);
  if (!charset) return 'utf8';
  const encoding = ENCODING_OF_CHARSET[charset];
  if (!encoding) throw new AppError('VALIDATION', `unknown charset "${charset}"; use ?encoding=utf8|latin1|windows-1252`, 'encoding');
  return encoding;
}
