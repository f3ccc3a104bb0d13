/**
 * "1–50 de 12.345", page size, and first / previous / next / last. A total the server stopped counting at
 * (`atLeast`) reads "de mais de 10.000": the last page is unknown until "Contar todos" (`onCountAll`) counts them.
 */
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format.js';
import { openRange, type PageSize, pageRange, pageSizes } from './paging.js';

interface Props {
  label: string;
  page: number;
  pageSize: PageSize;
  total: number;
  /** `total` is a lower bound: more match. */
  atLeast?: boolean;
  /** Rows on this page (with `atLeast`, the range is worked out from them: the page may lie past `total`). */
  shown?: number;
  onCountAll?: () => void;
  onPage: (page: number) => void;
  onPageSize?: (size: PageSize) => void;
}

export function Pager({ label, page, pageSize, total, atLeast = false, shown = pageSize, onCountAll, onPage, onPageSize }: Props) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const counted = pageRange(page, pageSize, total);
  const open = atLeast ? openRange(page, pageSize, shown) : null;
  const { from, to } = open ?? counted;
  const { pages } = counted;
  const step = (target: number, text: string, disabled: boolean) => (
    <button type="button" className="button-small" disabled={disabled} onClick={() => onPage(target)}>
      {text}
    </button>
  );
  return (
    <nav className="pager" aria-label={label}>
      <span className="pager-range" aria-live="polite">
        {t(atLeast ? 'report.grid.rangeAtLeast' : 'report.grid.range', { from: n(from), to: n(to), total: n(total) })}
      </span>
      {atLeast && onCountAll && (
        <button type="button" className="button-small" onClick={onCountAll}>
          {t('report.grid.countAll')}
        </button>
      )}
      {onPageSize && (
        <label className="pager-size">
          {t('report.grid.pageSize')}
          <select value={pageSize} onChange={(e) => onPageSize(Number(e.target.value) as PageSize)}>
            {pageSizes.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
      )}
      <span className="pager-steps">
        {step(1, t('report.grid.first'), page <= 1)}
        {step(Math.max(1, Math.min(page - 1, pages)), t('report.grid.previous'), page <= 1)}
        <span className="pager-page">
          {open ? t('report.grid.page', { page: n(page) }) : t('report.grid.pageOf', { page: n(page), pages: n(pages) })}
        </span>
        {step(page + 1, t('report.grid.next'), open ? !open.hasNext : page >= pages)}
        {step(pages, t('report.grid.last'), open !== null || page >= pages)}
      </span>
    </nav>
  );
}
