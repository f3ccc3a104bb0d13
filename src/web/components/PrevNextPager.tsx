/** Previous / page N of M / next, for a short list paged on the server. */
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format.js';

export function PrevNextPager(props: { label: string; page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const { t, i18n } = useTranslation();
  const { page, pageSize, total, onPage } = props;
  if (total <= pageSize) return null;
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <nav className="pager" aria-label={props.label}>
      <button type="button" className="button-small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('report.grid.previous')}
      </button>
      <span className="pager-page">{t('report.grid.pageOf', { page: n(page), pages: n(Math.ceil(total / pageSize)) })}</span>
      <button type="button" className="button-small" disabled={page * pageSize >= total} onClick={() => onPage(page + 1)}>
        {t('report.grid.next')}
      </button>
    </nav>
  );
}
