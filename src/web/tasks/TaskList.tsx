/** The tasks: Descrição, Tarefa, the five schedule fields, Ativa, próxima execução, última execução and status. */
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format.js';
import { fieldText } from './form.js';
import { RunStatusBadge } from './RunHistory.js';
import { typeLabel } from './TaskForm.js';
import { cronFieldNames, type Task, type TaskType } from './types.js';

interface Props {
  tasks: Task[];
  types: TaskType[];
  canEdit: boolean;
  openId: number | null;
  onOpen: (task: Task) => void;
}

export function TaskList({ tasks, types, canEdit, openId, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const action = canEdit ? t('tasks.edit') : t('tasks.view');
  const every = t('tasks.every');
  return (
    <div className="panel table-panel">
      <div className="grid-wrap">
        <table className="table table-compact task-table">
          <caption className="visually-hidden">{t('tasks.listCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tasks.fields.description')}</th>
              <th scope="col">{t('tasks.fields.type')}</th>
              {cronFieldNames.map((f) => (
                <th key={f} scope="col">
                  {t(`tasks.cron.${f}`)}
                </th>
              ))}
              <th scope="col">{t('tasks.fields.enabled')}</th>
              <th scope="col">{t('tasks.columns.nextRun')}</th>
              <th scope="col">{t('tasks.columns.lastRun')}</th>
              <th scope="col" className="actions">
                {t('common.actions')}
              </th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr
                key={task.id}
                className={[task.enabled ? '' : 'row-inactive', task.id === openId ? 'row-open' : ''].join(' ').trim() || undefined}
              >
                <td>{task.description}</td>
                <td>{typeLabel(types.find((x) => x.type === task.type), task.typeLabel, i18n.language)}</td>
                {cronFieldNames.map((f) => (
                  <td key={f} className="mono nowrap">
                    {fieldText(task[f], every)}
                  </td>
                ))}
                <td>{task.enabled ? t('common.yes') : t('common.no')}</td>
                <td className="nowrap small">{task.enabled ? formatDateTime(task.nextRunAt, i18n.language) : '—'}</td>
                <td className="nowrap small">
                  {task.lastRun ? (
                    <>
                      {formatDateTime(task.lastRun.startedAt, i18n.language)} <RunStatusBadge status={task.lastRun.status} />
                    </>
                  ) : (
                    t('tasks.neverRan')
                  )}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="button-small"
                    aria-label={`${action} ${task.description}`}
                    onClick={() => onOpen(task)}
                  >
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
