/**
 * Prioridade, the same everywhere (CRM, Gatilhos, Fila): Rotina, Alta, Urgente — the queue's numeric priority
 * underneath (src/shared/vocabulary.ts priorityLevels).
 */
import { useTranslation } from 'react-i18next';
import { type PriorityLevel, priorityLevelOf, priorityLevels } from '../../shared/vocabulary.js';

const levels = Object.keys(priorityLevels) as PriorityLevel[];

interface Props {
  id: string;
  value: number;
  onChange: (priority: number) => void;
  describedBy?: Record<string, unknown>;
}

export function PrioritySelect({ id, value, onChange, describedBy }: Props) {
  const { t } = useTranslation();
  return (
    <select id={id} value={priorityLevelOf(value)} onChange={(e) => onChange(priorityLevels[e.target.value as PriorityLevel])} {...describedBy}>
      {levels.map((level) => (
        <option key={level} value={level}>
          {t(`send.priority.${level}`)}
        </option>
      ))}
    </select>
  );
}

/** A batch's or a rule's priority as a word; Urgente and Alta stand out. */
export function PriorityLabel({ priority }: { priority: number }) {
  const { t } = useTranslation();
  const level = priorityLevelOf(priority);
  if (level === 'routine') return <>{t('send.priority.routine')}</>;
  return <span className={`tag tag-warning priority-${level}`}>{t(`send.priority.${level}`)}</span>;
}
