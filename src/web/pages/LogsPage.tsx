/**
 * Configurações › Logs › Logs Omnichannel / Logs E-mail / Logs SMS: one row per delivery attempt, as IXC lists
 * them. The tab (`?canal=`) fixes the channel; `?lote=` (from the Fila) starts filtered by that batch.
 */
import { Link, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.js';
import { channels } from '../../shared/vocabulary.js';
import { LogsView } from '../logs/LogsView.js';

export function LogsPage() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/app/configuracoes/logs' });
  const channel = search.canal ?? 'whatsapp';
  return (
    <>
      <PageHeader title={t('logs.title')} intro={t('logs.intro')} />
      <nav className="tabs link-tabs" aria-label={t('logs.tabsLabel')}>
        {channels.map((c) => (
          <Link
            key={c}
            to="/configuracoes/logs"
            search={c === 'whatsapp' ? {} : { canal: c }}
            className="tab"
            aria-current={c === channel ? 'page' : undefined}
            activeOptions={{ exact: true }}
          >
            {t(`logs.tabs.${c}`)}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">
        <LogsView key={`${channel}-${search.lote ?? ''}`} channel={channel} batchId={search.lote} />
      </div>
    </>
  );
}
