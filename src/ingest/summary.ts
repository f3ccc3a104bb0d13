/** What an import did, and the text the CLI prints about it. */
import type { EntityName } from './ixc-fields.js';
import type { SinkTotals } from './sink.js';
import { formatRowError } from './validate.js';

export interface ImportSummary extends SinkTotals {
  entity: EntityName;
  path: string;
  format: 'csv' | 'json' | 'jsonl';
  /** Whether error positions count lines of the file or records of a JSON array. */
  unit: 'line' | 'record';
  /** Records read from the file, good or bad. Of them, `updated` rows already existed (changed or not). */
  read: number;
  /** Columns of the file that Avisa does not read, sorted. */
  ignoredColumns: string[];
  /** Of `ignoredColumns`, those that look like passwords or keys: never read, never stored. */
  secretColumns: string[];
  durationMs: number;
}

const MAX_PRINTED_ERRORS = 100;

export function formatImportSummary(summary: ImportSummary, locale = 'en-US'): string {
  const n = new Intl.NumberFormat(locale);
  const seconds = summary.durationMs / 1000;
  const rate = seconds > 0 ? ` (${n.format(Math.round(summary.read / seconds))} rows/s)` : '';
  const width = n.format(summary.read).length;
  const row = (label: string, value: number, note = '') =>
    `  ${label.padEnd(10)} ${n.format(value).padStart(width)}${note ? ` ${note}` : ''}`;
  const out = [
    `Imported ${summary.entity} from ${summary.path} (${summary.format}) in ${seconds.toFixed(1)} s${rate}`,
    row('read', summary.read),
    row('inserted', summary.inserted),
    row('updated', summary.updated, summary.unchanged > 0 ? `(${n.format(summary.unchanged)} unchanged)` : ''),
  ];
  if (summary.superseded > 0) {
    out.push(row('superseded', summary.superseded, '(the same id again later in the file)'));
  }
  out.push(row('rejected', summary.rejected));
  if (summary.ignoredColumns.length > 0) {
    const secret = new Set(summary.secretColumns);
    const names = summary.ignoredColumns.map((c) => (secret.has(c) ? `${c} (secret, never read)` : c));
    out.push(`  ignored columns: ${names.join(', ')}`);
  }
  if (summary.errorCount > 0) {
    const shown = summary.errors.slice(0, MAX_PRINTED_ERRORS);
    out.push(`Errors (${n.format(summary.errorCount)}):`);
    for (const e of shown) out.push(`  ${formatRowError(e, summary.unit)}`);
    const more = summary.errorCount - shown.length;
    if (more > 0) out.push(`  … and ${n.format(more)} more`);
  }
  return out.join('\n');
}
