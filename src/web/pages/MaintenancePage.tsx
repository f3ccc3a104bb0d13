/**
 * Suporte › Manutenções: the planned windows, running and upcoming first; Nova manutenção schedules one (operators);
 * `?id=` opens one below with its reminders. During a window detection opens no incident on its elements.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.js';
import { Pager } from '../components/Pager.js';
import { QueryState } from '../components/QueryState.js';
import { formatDateTime, formatNumber } from '../format.js';
import { MaintenanceDetail, MaintenanceStateBadge } from '../incidents/MaintenanceDetail.js';
import { MaintenanceForm } from '../incidents/MaintenanceForm.js';
import { maintenanceApi, maintenanceKeys } from '../incidents/maintenanceApi.js';
import { canSee } from '../menu.js';
import { useSession } from '../session.js';

const PAGE_SIZE = 50;

export function MaintenancePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const canOperate = canSee(session?.user.role ?? 'viewer', 'operator');
  const search = useSearch({ from: '/app/manutencoes' });
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: maintenanceKeys.list(page),
    queryFn: () => maintenanceApi.list({ page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const selected = search.id;
  const one = useQuery({
    queryKey: maintenanceKeys.one(selected ?? 0),
    queryFn: () => maintenanceApi.get(selected ?? 0),
    enabled: selected !== undefined,
  });
  const openOne = (id: number) => void navigate({ to: '/manutencoes', search: { id } });

  return (
    <>
      <PageHeader title={t('maintenance.title')} intro={t('maintenance.intro')} />
      {canOperate && !creating && (
        <div className="form-actions">
          <button type="button" className="button-primary" onClick={() => setCreating(true)}>
            {t('maintenance.new')}
          </button>
        </div>
      )}
      {creating && (
        <MaintenanceForm
          onCreated={(m) => {
            setCreating(false);
            openOne(m.id);
          }}
        />
      )}
      <section className="panel table-panel" aria-labelledby="maintenance-list-title">
        <div className="results-toolbar">
          <h2 id="maintenance-list-title">{t('maintenance.list.title')}</h2>
        </div>
        <QueryState query={list}>
          {(data) =>
            data.total === 0 ? (
              <p className="muted empty-results">{t('maintenance.list.empty')}</p>
            ) : (
              <>
                <div className="grid-wrap">
                  <table className="table table-compact">
                    <caption className="visually-hidden">{t('maintenance.list.title')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('maintenance.fields.title')}</th>
                        <th scope="col">{t('maintenance.fields.elements')}</th>
                        <th scope="col">{t('maintenance.fields.startsAt')}</th>
                        <th scope="col">{t('maintenance.fields.endsAt')}</th>
                        <th scope="col">{t('maintenance.fields.state')}</th>
                        <th scope="col" className="num">
                          {t('maintenance.fields.logins')}
                        </th>
                        <th scope="col">{t('maintenance.fields.reminders')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.windows.map((m) => (
                        <tr key={m.id} className={m.id === selected ? 'selected' : undefined}>
                          <td>
                            <button type="button" className="link-button" onClick={() => openOne(m.id)} aria-current={m.id === selected ? 'true' : undefined}>
                              {m.title}
                            </button>
                          </td>
                          <td>{m.elements.map((e) => e.name).join(', ')}</td>
                          <td>{formatDateTime(m.startsAt, lang)}</td>
                          <td>{formatDateTime(m.endsAt, lang)}</td>
                          <td>
                            <MaintenanceStateBadge state={m.state} />
                          </td>
                          <td className="num">{m.state === 'scheduled' || m.state === 'active' ? formatNumber(m.logins, lang) : '—'}</td>
                          <td>
                            {t('maintenance.sentOf', {
                              sent: m.reminders.filter((r) => r.status === 'sent').length,
                              total: m.reminders.length,
                            })}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {data.total > PAGE_SIZE && (
                  <div className="results-footer">
                    <Pager label={t('maintenance.list.title')} page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />
                  </div>
                )}
              </>
            )
          }
        </QueryState>
      </section>
      {selected !== undefined && <QueryState query={one}>{(m) => <MaintenanceDetail key={m.id} maintenance={m} canOperate={canOperate} />}</QueryState>}
    </>
  );
}
