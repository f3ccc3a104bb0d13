/** The rules: Nome, Filtro salvo, Mensagens, Intervalo mínimo, Limite, Prioridade, Ativo, Última avaliação. */
import { PriorityLabel } from '../components/PrioritySelect.js';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../format.js';
import { hoursText } from './form.js';
import { RunStatusBadge } from './RuleHistory.js';
import type { TriggerRule } from './types.js';

interface Props {
  rules: TriggerRule[];
  canEdit: boolean;
  openId: number | null;
  onOpen: (rule: TriggerRule) => void;
}

export function TriggerList({ rules, canEdit, openId, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const action = canEdit ? t('triggers.edit') : t('triggers.view');
  return (
    <div className="panel table-panel">
      <div className="grid-wrap">
        <table className="table table-compact trigger-table">
          <caption className="visually-hidden">{t('triggers.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('triggers.fields.name')}</th>
              <th scope="col">{t('triggers.columns.filter')}</th>
              <th scope="col">{t('triggers.columns.messages')}</th>
              <th scope="col" className="num">
                {t('triggers.columns.cooldown')}
              </th>
              <th scope="col" className="num">
                {t('triggers.columns.ceiling')}
              </th>
              <th scope="col" className="num">
                {t('triggers.fields.priority')}
              </th>
              <th scope="col">{t('triggers.fields.active')}</th>
              <th scope="col">{t('triggers.columns.lastRun')}</th>
              <th scope="col" className="actions">
                {t('common.actions')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr
                key={rule.id}
                className={[rule.active ? '' : 'row-inactive', rule.id === openId ? 'row-open' : ''].join(' ').trim() || undefined}
              >
                <td>{rule.name}</td>
                <td>
                  {rule.savedFilterName ?? <span className="tag tag-inactive">{t('triggers.columns.filterDeleted')}</span>}
                </td>
                <td>
                  {rule.messages.map((m) => (
                    <div key={m.id} className="nowrap small">
                      {m.channel && <span className={`channel-badge channel-${m.channel}`}>{t(`integrations.channels.${m.channel}`)}</span>}{' '}
                      {m.description ?? t('triggers.messageGone')}
                      {m.description && !m.active && <span className="tag tag-inactive">{t('triggers.inactive')}</span>}
                    </div>
                  ))}
                </td>
                <td className="num nowrap">{t('triggers.columns.hours', { hours: hoursText(rule.cooldownMinutes) })}</td>
                <td className="num">{n(rule.ceiling)}</td>
                <td>
                  <PriorityLabel priority={rule.priority} />
                </td>
                <td>{rule.active ? t('common.yes') : t('common.no')}</td>
                <td className="small">
                  {rule.lastRun ? (
                    <>
                      <span className="nowrap">{formatDateTime(rule.lastRun.at, i18n.language)}</span>{' '}
                      <RunStatusBadge run={rule.lastRun} />{' '}
                      <span className="nowrap">{t('triggers.columns.lastRunCounts', { enqueued: n(rule.lastRun.enqueued), matched: n(rule.lastRun.matched) })}</span>
                    </>
                  ) : (
                    t('triggers.never')
                  )}
                  {rule.heldRuns > 0 && (
                    <div>
                      <span className="tag tag-warning">{t('triggers.heldBadge', { count: rule.heldRuns })}</span>
                    </div>
                  )}
                </td>
                <td className="actions">
                  <button type="button" className="button-small" aria-label={`${action} ${rule.name}`} onClick={() => onOpen(rule)}>
                    {action}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
