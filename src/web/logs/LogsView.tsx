/**
 * One channel's delivery log: a filter on every column (ID, ID cliente, Contato, Data envio de–até, Status,
 * Mensagem contém, and the batch when opened from the Fila), the grid newest first, pages, and Exportar CSV with
 * the same filter. A WhatsApp or SMS line's Entrega cell opens its delivery timeline in a row beneath it.
 */
import { CheckedForm } from '../components/CheckedForm.js';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/Alert.js';
import { formatDateTime } from '../format.js';
import { describedBy } from '../components/formBits.js';
import { Pager } from '../components/Pager.js';
import { CountedTotal } from '../../shared/counted-total.js';
import { NoticeText } from '../notice.js';
import { DeliveryTimeline } from './DeliveryTimeline.js';
import { logKeys, logsApi, logsCsvUrl } from './api.js';
import { emptyLogForm, type LogForm, type LogFormField, type LogFormProblem, toLogFilter } from './filter.js';
import type { Channel, LogFilter, LogRow } from './types.js';

const PAGE_SIZE = 50;

export function LogsView({ channel, batchId }: { channel: Channel; batchId?: number }) {
  const { t } = useTranslation();
  const initial: LogForm = { ...emptyLogForm, batchId: batchId ? String(batchId) : '' };
  const [form, setForm] = useState<LogForm>(initial);
  const [errors, setErrors] = useState<Partial<Record<LogFormField, LogFormProblem>>>({});
  const [applied, setApplied] = useState<LogFilter>(() => {
    const start = toLogFilter(initial, channel);
    return start.ok ? start.filter : { channel };
  });
  const [page, setPage] = useState(1);
  const queryClient = useQueryClient();
  const [counted] = useState(() => new CountedTotal());
  // "Contar todos" on a total the server stopped counting at: this filter's pages are counted to the end
  const [countAll, setCountAll] = useState(false);

  const list = useQuery({
    queryKey: logKeys.list(applied, page, PAGE_SIZE, countAll),
    queryFn: async ({ signal }) => {
      const filter = JSON.stringify(applied);
      const known = counted.known(filter);
      const at = Date.now();
      const answer = await logsApi.list(applied, page, PAGE_SIZE, { signal, knownTotal: known, countAll });
      // a capped count is cheap to make again and must not be sent back as the total
      if (known === undefined && !answer.totalCapped) counted.remember(filter, answer.total, at);
      return answer;
    },
    placeholderData: keepPreviousData,
  });

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const result = toLogFilter(form, channel);
    if (!result.ok) {
      setErrors(result.errors);
      const first = Object.keys(result.errors)[0];
      if (first) document.getElementById(`log-${first}`)?.focus();
      return;
    }
    setErrors({});
    counted.forget();
    // Filtrar on the filter shown means "again, now": its first page is fetched and counted anew, also when a page
    // further on is shown (its page 1 may be in the cache, younger than the staleTime).
    if (JSON.stringify(result.filter) === JSON.stringify(applied)) {
      if (page === 1 && !countAll) void list.refetch();
      else void queryClient.invalidateQueries({ queryKey: logKeys.list(applied, 1, PAGE_SIZE, false), refetchType: 'none' });
    }
    setApplied(result.filter);
    setPage(1);
    setCountAll(false);
  };

  const clear = () => {
    setForm(emptyLogForm);
    setErrors({});
    setApplied({ channel });
    setPage(1);
    setCountAll(false);
  };

  const set = (key: LogFormField) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const errorOf = (key: LogFormField) => (errors[key] ? t(`logs.errors.${errors[key]}`) : undefined);

  const text = (key: LogFormField, label: string, inputMode?: 'numeric') => {
    const id = `log-${key}`;
    const error = errorOf(key);
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          value={form[key]}
          inputMode={inputMode}
          maxLength={200}
          onChange={(e) => set(key)(e.target.value)}
          {...describedBy(id, error)}
        />
        {error && (
          <small id={`${id}-error`} className="field-error">
            {error}
          </small>
        )}
      </div>
    );
  };

  const fromError = errorOf('from');
  const toError = errorOf('to');

  return (
    <>
      <CheckedForm className="panel filter-form log-filters" onSubmit={apply} aria-label={t('logs.filterTitle')}>
        <div className="filter-grid">
          {text('id', t('logs.columns.id'), 'numeric')}
          {text('clientId', t('logs.columns.clientId'), 'numeric')}
          {text('contact', t('logs.columns.contact'))}
          <div className="field">
            <label htmlFor="log-status">{t('logs.columns.status')}</label>
            <select id="log-status" value={form.status} onChange={(e) => set('status')(e.target.value)}>
              <option value="">{t('logs.statusAll')}</option>
              <option value="success">{t('logs.status.success')}</option>
              <option value="failure">{t('logs.status.failure')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="log-delivery">{t('logs.columns.delivery')}</label>
            <select id="log-delivery" value={form.delivery} onChange={(e) => set('delivery')(e.target.value)}>
              <option value="">{t('logs.statusAll')}</option>
              {(['delivered', 'read', 'failed', 'none'] as const).map((d) => (
                <option key={d} value={d}>
                  {t(`logs.delivery.${d}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-wide">
            <span className="field-label" id="log-date-label">
              {t('logs.columns.at')}
            </span>
            <div className="range" role="group" aria-labelledby="log-date-label">
              <input
                id="log-from"
                type="datetime-local"
                aria-label={t('logs.fromLabel')}
                value={form.from}
                onChange={(e) => set('from')(e.target.value)}
                {...describedBy('log-from', fromError)}
              />
              <input
                id="log-to"
                type="datetime-local"
                aria-label={t('logs.toLabel')}
                value={form.to}
                onChange={(e) => set('to')(e.target.value)}
                {...describedBy('log-to', toError)}
              />
            </div>
            {(fromError ?? toError) && (
              <small id={fromError ? 'log-from-error' : 'log-to-error'} className="field-error">
                {fromError ?? toError}
              </small>
            )}
          </div>
          {text('message', t('logs.messageContains'))}
          {text('batchId', t('logs.batch'), 'numeric')}
        </div>
        <div className="filter-actions form-actions">
          <button type="submit" className="button-primary">
            {t('logs.filter')}
          </button>
          <button type="button" onClick={clear}>
            {t('logs.clear')}
          </button>
        </div>
      </CheckedForm>

      <section className="panel table-panel results-panel" aria-label={t(`logs.tabs.${channel}`)}>
        <div className="results-toolbar">
          {list.data ? (
            <Pager
              label={t('logs.pager')}
              page={page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              atLeast={list.data.totalCapped}
              shown={list.data.rows.length}
              onCountAll={() => setCountAll(true)}
              onPage={setPage}
            />
          ) : (
            <span />
          )}
          <a className="button button-small" href={logsCsvUrl(applied)} download>
            {t('logs.export')}
          </a>
        </div>
        {list.isError && <ErrorAlert error={list.error} />}
        {list.isPending && (
          <p className="muted empty-results" role="status">
            {t('common.loading')}
          </p>
        )}
        {list.data && (
          <div className={list.isPlaceholderData ? 'grid-wrap grid-busy' : 'grid-wrap'}>
            <table className="table table-compact log-table" aria-busy={list.isPlaceholderData && list.isFetching}>
              <caption className="visually-hidden">{t(`logs.tabs.${channel}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('logs.columns.id')}</th>
                  <th scope="col">{t('logs.columns.clientId')}</th>
                  <th scope="col">{t('logs.columns.channel')}</th>
                  <th scope="col">{t('logs.columns.contact')}</th>
                  <th scope="col">{t('logs.columns.at')}</th>
                  <th scope="col">{t('logs.columns.status')}</th>
                  <th scope="col">{t('logs.columns.message')}</th>
                  <th scope="col">{t('logs.columns.delivery')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.rows.length === 0 ? (
                  <tr>
                    <td colSpan={8} className="muted">
                      {t('logs.empty')}
                    </td>
                  </tr>
                ) : (
                  list.data.rows.map((row) => (
                    <LogLine key={row.id} row={row} />
                  ))
                )}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** Lines that may have a timeline: a WhatsApp or SMS send (receipts), or either end of a fallback. */
const hasTimeline = (row: LogRow) => row.fallback !== null || (row.success && row.channel !== 'email');

function LogLine({ row }: { row: LogRow }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = `log-timeline-${row.id}`;
  return (
    <>
      <tr data-log={row.id}>
        <td className="nowrap">{row.id}</td>
        <td>
          {row.clientId}
          {row.clientName && <span className="muted small log-client"> {row.clientName}</span>}
        </td>
        <td className="nowrap">{t(`logs.channelNames.${row.channel}`)}</td>
        <td className="nowrap">{row.contactDisplay}</td>
        <td className="nowrap">{formatDateTime(row.at, i18n.language)}</td>
        <td>
          <span className={row.success ? 'log-status log-success' : 'log-status log-failure'}>
            {row.success ? t('logs.status.success') : t('logs.status.failure')}
          </span>
        </td>
        <td className="break log-message">
          <NoticeText notice={row.message} />
        </td>
        <td className="log-delivery">
          {row.delivery && (
            <>
              <span className={`log-status log-delivery-${row.delivery.status}`} data-delivery={row.delivery.status}>
                {t(`logs.delivery.${row.delivery.status}`)}
              </span>
              {row.delivery.at && <span className="muted small"> {formatDateTime(row.delivery.at, i18n.language)}</span>}
              {row.delivery.error && (
                <span className="small break">
                  {' — '}
                  <NoticeText notice={row.delivery.error} />
                </span>
              )}
            </>
          )}
          {row.fallback && (
            <span className="small log-fallback" data-fallback>
              {row.fallback.replacedBy
                ? t('logs.fallback.replacedBy', { channel: t(`logs.channelNames.${row.fallback.replacedBy}`) })
                : t('logs.fallback.replaces', { channel: t(`logs.channelNames.${row.fallback.replaces ?? 'whatsapp'}`) })}
            </span>
          )}
          {hasTimeline(row) && (
            <button
              type="button"
              className="link-button small log-timeline-toggle"
              aria-expanded={open}
              aria-controls={open ? panelId : undefined}
              onClick={() => setOpen((o) => !o)}
            >
              {t(open ? 'logs.timeline.close' : 'logs.timeline.open')}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="log-timeline-row" id={panelId} aria-label={t('logs.timeline.title', { id: row.id })}>
          <td colSpan={8}>
            <DeliveryTimeline id={row.id} />
          </td>
        </tr>
      )}
    </>
  );
}
