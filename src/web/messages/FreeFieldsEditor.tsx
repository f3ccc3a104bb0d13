/**
 * Campos livres: values the operator types when sending (e.g. previsao_retorno / "Previsão de retorno"), used
 * by the variable mapping (WhatsApp) or as `{{key}}` in e-mail and SMS texts.
 */
import { useTranslation } from 'react-i18next';
import { describedBy } from '../components/formBits.js';
import type { MessageFormBinding } from './binding.js';
import { slugKey } from './draft.js';
import type { FreeField } from './types.js';

export const MAX_FREE_FIELDS = 10;

export function FreeFieldsEditor({ form }: { form: MessageFormBinding }) {
  const { t } = useTranslation();
  const { draft, update, errorOf, readOnly } = form;
  const fields = draft.freeFields;

  const change = (index: number, patch: Partial<FreeField>) => {
    const old = fields[index];
    const next = fields.map((f, i) => (i === index ? { ...f, ...patch } : f));
    // A renamed key follows into the variable mapping.
    const bindings =
      old && patch.key !== undefined && old.key
        ? draft.bindings.map((row) => (row.type === 'free' && row.key === old.key ? { ...row, key: patch.key ?? '' } : row))
        : draft.bindings;
    update({ freeFields: next, bindings });
  };

  return (
    <fieldset className="sub-panel free-fields">
      <legend>{t('messages.free.title')}</legend>
      <p className="hint">{t('messages.free.hint')}</p>
      {fields.length > 0 && (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('messages.free.key')}</th>
              <th scope="col">{t('messages.free.label')}</th>
              <th scope="col">{t('messages.free.required')}</th>
              {!readOnly && <th scope="col" className="actions" aria-label={t('common.actions')} />}
            </tr>
          </thead>
          <tbody>
            {fields.map((field, i) => {
              const keyId = `msg-free-${i}-key`;
              const labelId = `msg-free-${i}-label`;
              const keyError = errorOf(`content.freeFields.${i}.key`);
              const labelError = errorOf(`content.freeFields.${i}.label`);
              return (
                <tr key={i}>
                  <td>
                    <input
                      id={keyId}
                      className="mono"
                      aria-label={t('messages.free.keyOf', { n: i + 1 })}
                      value={field.key}
                      placeholder="previsao_retorno"
                      maxLength={40}
                      spellCheck={false}
                      autoComplete="off"
                      onChange={(e) => change(i, { key: e.target.value })}
                      {...describedBy(keyId, keyError)}
                    />
                    {keyError && (
                      <small id={`${keyId}-error`} className="field-error">
                        {keyError}
                      </small>
                    )}
                  </td>
                  <td>
                    <input
                      id={labelId}
                      aria-label={t('messages.free.labelOf', { n: i + 1 })}
                      value={field.label}
                      placeholder={t('messages.free.labelPlaceholder')}
                      maxLength={80}
                      onChange={(e) => change(i, { label: e.target.value })}
                      onBlur={() => {
                        if (!field.key.trim() && field.label.trim()) change(i, { key: slugKey(field.label) });
                      }}
                      {...describedBy(labelId, labelError)}
                    />
                    {labelError && (
                      <small id={`${labelId}-error`} className="field-error">
                        {labelError}
                      </small>
                    )}
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t('messages.free.requiredOf', { n: i + 1 })}
                      checked={field.required}
                      onChange={(e) => change(i, { required: e.target.checked })}
                    />
                  </td>
                  {!readOnly && (
                    <td className="actions">
                      <button
                        type="button"
                        className="button-small"
                        aria-label={t('messages.free.removeOf', { n: i + 1 })}
                        onClick={() => update({ freeFields: fields.filter((_, j) => j !== i) })}
                      >
                        {t('messages.free.remove')}
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {!readOnly && fields.length < MAX_FREE_FIELDS && (
        <button
          type="button"
          className="button-small"
          onClick={() => update({ freeFields: [...fields, { key: '', label: '', required: true }] })}
        >
          {t('messages.free.add')}
        </button>
      )}
      {readOnly && fields.length === 0 && <p className="muted small">{t('messages.free.none')}</p>}
    </fieldset>
  );
}
