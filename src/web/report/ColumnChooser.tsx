/** Colunas: the report grid's column chooser (a checkbox per column; login and client are always shown). */
import { useTranslation } from 'react-i18next';
import { fixedColumns, type GridColumnId } from './columns.js';
import { gridColumnIds } from './ResultsGrid.js';

interface Props {
  visible: readonly GridColumnId[];
  onToggle: (id: GridColumnId) => void;
  onReset: () => void;
}

export function ColumnChooser({ visible, onToggle, onReset }: Props) {
  const { t } = useTranslation();
  return (
    <details className="column-chooser">
      <summary className="button button-small">{t('report.columnsChooser.title')}</summary>
      <fieldset className="column-chooser-panel">
        <legend className="visually-hidden">{t('report.columnsChooser.title')}</legend>
        {gridColumnIds.map((id) => (
          <label key={id} className="check-line">
            <input type="checkbox" checked={visible.includes(id)} disabled={fixedColumns.includes(id)} onChange={() => onToggle(id)} />
            {t(`report.columns.${id}`)}
          </label>
        ))}
        <button type="button" className="link-button small" onClick={onReset}>
          {t('report.columnsChooser.reset')}
        </button>
      </fieldset>
    </details>
  );
}
