/**
 * The upload form of Configurações › Importar: entity, file, encoding and format; while the file goes up, a bar
 * of the bytes sent and, polled from the job, the records processed so far.
 */
import { CheckedForm } from '../components/CheckedForm.js';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ImportEncoding,
  importEncodings,
  type ImportEntity,
  importEntities,
  type ImportFormat,
  importFormats,
} from '../../imports/schemas.js';
import { ErrorAlert } from '../components/Alert.js';
import { Field } from '../components/Field.js';
import { formatNumber } from '../format.js';
import { type ImportJob, importKeys, importsApi, uploadImport } from './api.js';

interface Progress {
  sent: number;
  total: number;
  rows: number;
}

const POLL_MS = 1_000;

export function ImportForm({ onFinished }: { onFinished: (job: ImportJob) => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [ref, setRef] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missingFile, setMissingFile] = useState(false);
  const n = (value: number) => formatNumber(value, i18n.language);

  // While the upload runs, its job tells how many records the server has processed.
  useEffect(() => {
    if (!ref) return;
    const timer = setInterval(() => {
      void importsApi.byRef(ref).then(
        (job) => job && setProgress((p) => (p ? { ...p, rows: job.read } : p)),
        () => {},
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [ref]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setMissingFile(true);
      return;
    }
    setMissingFile(false);
    const format = String(form.get('format'));
    const reference = `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    setError(null);
    setProgress({ sent: 0, total: file.size, rows: 0 });
    setRef(reference);
    uploadImport({
      entity: String(form.get('entity')) as ImportEntity,
      encoding: String(form.get('encoding')) as ImportEncoding,
      format: format === 'auto' ? undefined : (format as ImportFormat),
      file,
      ref: reference,
      onBytes: (sent, total) => setProgress((p) => ({ rows: p?.rows ?? 0, sent, total })),
    })
      // A file refused whole (no usable header, too large) still made a job: its result says why, in the reader's language.
      .then(onFinished, (err: unknown) =>
        importsApi.byRef(reference).then(
          (job) => (job?.status === 'failed' ? onFinished(job) : setError(err)),
          () => setError(err),
        ),
      )
      .finally(() => {
        setRef(null);
        setProgress(null);
        void queryClient.invalidateQueries({ queryKey: importKeys.all });
      });
  };

  const busy = progress !== null;
  return (
    <section className="panel form-panel" aria-label={t('imports.title')}>
      <CheckedForm onSubmit={submit}>
        <div className="form-grid">
        <Field id="import-entity" label={t('imports.entity')}>
          <select id="import-entity" name="entity" defaultValue="logins" disabled={busy}>
            {importEntities.map((e) => (
              <option key={e} value={e}>
                {t(`imports.entities.${e}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="import-file" label={t('imports.file')}>
          <input id="import-file" name="file" type="file" accept=".csv,.txt,.json,.jsonl,.ndjson" required disabled={busy} />
        </Field>
        <Field id="import-encoding" label={t('imports.encoding')}>
          <select id="import-encoding" name="encoding" defaultValue="utf8" disabled={busy}>
            {importEncodings.map((e) => (
              <option key={e} value={e}>
                {t(`imports.encodings.${e}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="import-format" label={t('imports.format')}>
          <select id="import-format" name="format" defaultValue="auto" disabled={busy}>
            {(['auto', ...importFormats] as const).map((f) => (
              <option key={f} value={f}>
                {t(`imports.formats.${f}`)}
              </option>
            ))}
          </select>
        </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? t('imports.uploading') : t('imports.submit')}
          </button>
        </div>
      </CheckedForm>
      {progress && (
        <div className="import-progress" role="status">
          <progress
            aria-label={t('imports.progressLabel')}
            max={Math.max(progress.total, 1)}
            value={progress.sent}
          />
          <p className="muted small">
            {t('imports.sent', { sent: bytes(progress.sent, i18n.language), total: bytes(progress.total, i18n.language) })}
            {' · '}
            {t('imports.rows', { rows: n(progress.rows) })}
          </p>
        </div>
      )}
      {missingFile && (
        <p className="alert alert-error" role="alert">
          {t('imports.noFile')}
        </p>
      )}
      <ErrorAlert error={error} />
    </section>
  );
}

function bytes(value: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = value;
  let unit = 0;
  while (v >= 1024 && unit < units.length - 1) {
    v /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(v)} ${units[unit]}`;
}
