/**
 * The incidents, open ones first (suspeito, confirmado, normalizado), then the ended ones, newest first: protocolo,
 * elemento, situação, causa, início, afetados / ainda offline / voltaram / avisados, previsão. A row opens it.
 */
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../format.js';
import type { Incident } from './types.js';

export function IncidentStateBadge({ state }: { state: Incident['state'] }) {
  const { t } = useTranslation();
  return <span className={`incident-state incident-${state}`}>{t(`incidents.states.${state}`)}</span>;
}

export function IncidentList({ incidents, selected, onOpen }: { incidents: Incident[]; selected?: number; onOpen: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const n = (v: number) => formatNumber(v, lang);
  return (
    <div className="grid-wrap">
      <table className="table table-compact incident-list">
        <caption className="visually-hidden">{t('incidents.list.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('incidents.fields.protocol')}</th>
            <th scope="col">{t('incidents.fields.element')}</th>
            <th scope="col">{t('incidents.fields.state')}</th>
            <th scope="col">{t('incidents.fields.cause')}</th>
            <th scope="col">{t('incidents.fields.startedAt')}</th>
            <th scope="col" className="num">
              {t('incidents.counts.affected')}
            </th>
            <th scope="col" className="num">
              {t('incidents.counts.stillOffline')}
            </th>
            <th scope="col" className="num">
              {t('incidents.counts.back')}
            </th>
            <th scope="col" className="num">
              {t('incidents.counts.notified')}
            </th>
            <th scope="col">{t('incidents.fields.eta')}</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((i) => (
            <tr key={i.id} className={i.id === selected ? 'selected' : undefined}>
              <td>
                <button type="button" className="link-button" onClick={() => onOpen(i.id)} aria-current={i.id === selected ? 'true' : undefined}>
                  {i.protocol}
                </button>
              </td>
              <td>
                <span className="muted small">{t(`incidents.kinds.${i.kind}`)}</span> {i.elementName}
              </td>
              <td>
                <IncidentStateBadge state={i.state} />
              </td>
              <td>{t(`incidents.causes.${i.cause}`)}</td>
              <td>{formatDateTime(i.startedAt, lang)}</td>
              <td className="num">{n(i.counts.affected)}</td>
              <td className="num">{n(i.counts.stillOffline)}</td>
              <td className="num">{n(i.counts.back)}</td>
              <td className="num">{n(i.counts.notified)}</td>
              <td>{i.eta ? formatDateTime(i.eta, lang) : <span className="muted">{t('incidents.noEta')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
