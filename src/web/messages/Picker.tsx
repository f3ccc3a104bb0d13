/**
 * The pick lists of a WhatsApp message (Buscar canais, Buscar template): a titled panel with Fechar, and a table whose
 * first column is the radio and second the name as its label — or a line saying there is nothing to pick.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function PickerPanel(props: { id: string; title: string; empty: string | null; columns: string[]; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="picker" role="group" aria-labelledby={props.id}>
      <div className="picker-head">
        <h3 id={props.id}>{props.title}</h3>
        <button type="button" className="link-button small" onClick={props.onClose}>
          {t('common.close')}
        </button>
      </div>
      {props.empty !== null ? (
        <p className="muted small">{props.empty}</p>
      ) : (
        <table className="table table-compact pick-table">
          <thead>
            <tr>
              <th scope="col" className="pick-cell">
                <span className="visually-hidden">{t('messages.whatsapp.pick')}</span>
              </th>
              {props.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{props.children}</tbody>
        </table>
      )}
    </div>
  );
}

/** A picker row's first two cells: the radio in its own column, and the name on one line as its label. */
export function PickCells(props: { group: string; id: string; label: string; mono?: boolean; checked: boolean; disabled?: boolean; onPick: () => void }) {
  const id = `${props.group}-${props.id}`;
  return (
    <>
      <td className="pick-cell">
        <input id={id} type="radio" name={props.group} value={props.id} checked={props.checked} disabled={props.disabled} onChange={props.onPick} />
      </td>
      <td className="pick-name">
        <label htmlFor={id} className={props.mono ? 'pick-label mono' : 'pick-label'}>
          {props.label}
        </label>
      </td>
    </>
  );
}
