/**
 * Variáveis of a WhatsApp template: one row per placeholder, in order of appearance (`{{nome}}` #1, …), each
 * filled by a system variable, a fixed text or a free field typed at send time.
 */
import { useTranslation } from 'react-i18next';
import { describedBy } from '../components/formBits.js';
import type { MessageFormBinding } from './binding.js';
import { type BindingRow, type BindingType, bindingTypes, slugKey, templatePlaceholders } from './draft.js';
import { MAX_FREE_FIELDS } from './FreeFieldsEditor.js';

export function VariableMapping({ form }: { form: MessageFormBinding }) {
  const { t } = useTranslation();
  const { draft, update, errorOf, variables, labelOf } = form;
  const names = templatePlaceholders(draft.provider, draft.templateText);
  const countError = errorOf('content.variables');
  if (names.length === 0) {
    return draft.templateText ? <p className="muted small">{t('messages.mapping.none')}</p> : null;
  }

  const setRow = (index: number, patch: Partial<BindingRow>) =>
    update({ bindings: draft.bindings.map((row, i) => (i === index ? { ...row, ...patch } : row)) });

  /** Adds a free field named after the placeholder and maps the row to it. */
  const newFreeField = (index: number, name: string) => {
    const taken = new Set([...draft.freeFields.map((f) => f.key), ...variables.map((v) => v.key)]);
    const base = slugKey(name) || 'campo';
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base.slice(0, 36)}_${n}`;
    update({
      freeFields: [...draft.freeFields, { key, label: name, required: true }],
      bindings: draft.bindings.map((row, i) => (i === index ? { ...row, type: 'free', key } : row)),
    });
  };

  return (
    <fieldset className="sub-panel mapping">
      <legend>{t('messages.mapping.title')}</legend>
      <p className="hint">{t('messages.mapping.hint')}</p>
      {countError && (
        <p className="field-error" role="alert">
          {countError}
        </p>
      )}
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('messages.mapping.placeholder')}</th>
            <th scope="col">{t('messages.mapping.source')}</th>
            <th scope="col">{t('messages.mapping.value')}</th>
          </tr>
        </thead>
        <tbody>
          {names.map((name, i) => {
            const row = draft.bindings[i] ?? { type: 'field', field: '', value: '', key: '' };
            const which = { n: i + 1, name };
            const valueId = `msg-var-${i}-value`;
            const path = `content.variables.${i}`;
            const part = row.type === 'field' ? 'field' : row.type === 'free' ? 'key' : 'value';
            const error = errorOf(`${path}.${part}`) ?? errorOf(path);
            return (
              <tr key={i}>
                <td className="num">{i + 1}</td>
                <td className="mono nowrap">{`{{${name}}}`}</td>
                <td>
                  <select
                    id={`msg-var-${i}-type`}
                    aria-label={t('messages.mapping.sourceOf', which)}
                    value={row.type}
                    onChange={(e) => setRow(i, { type: e.target.value as BindingType })}
                  >
                    {bindingTypes.map((type) => (
                      <option key={type} value={type}>
                        {t(`messages.mapping.types.${type}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="mapping-value">
                  {row.type === 'field' && (
                    <select
                      id={valueId}
                      aria-label={t('messages.mapping.valueOf', which)}
                      value={row.field}
                      onChange={(e) => setRow(i, { field: e.target.value })}
                      {...describedBy(valueId, error)}
                    >
                      <option value="">{t('messages.mapping.choose')}</option>
                      {variables.map((v) => (
                        <option key={v.key} value={v.key}>
                          {t('messages.mapping.variableOption', { label: labelOf(v), example: v.example })}
                        </option>
                      ))}
                      {row.field && !variables.some((v) => v.key === row.field) && (
                        <option value={row.field}>{row.field}</option>
                      )}
                    </select>
                  )}
                  {row.type === 'literal' && (
                    <input
                      id={valueId}
                      aria-label={t('messages.mapping.valueOf', which)}
                      value={row.value}
                      maxLength={1000}
                      placeholder={t('messages.mapping.literalPlaceholder')}
                      onChange={(e) => setRow(i, { value: e.target.value })}
                      {...describedBy(valueId, error)}
                    />
                  )}
                  {row.type === 'free' && (
                    <div className="range">
                      <select
                        id={valueId}
                        aria-label={t('messages.mapping.valueOf', which)}
                        value={row.key}
                        onChange={(e) => setRow(i, { key: e.target.value })}
                        {...describedBy(valueId, error)}
                      >
                        <option value="">{t('messages.mapping.choose')}</option>
                        {draft.freeFields
                          .filter((f) => f.key.trim())
                          .map((f) => (
                            <option key={f.key} value={f.key}>
                              {f.label ? `${f.label} (${f.key})` : f.key}
                            </option>
                          ))}
                        {row.key && !draft.freeFields.some((f) => f.key === row.key) && (
                          <option value={row.key}>{row.key}</option>
                        )}
                      </select>
                      {!form.readOnly && draft.freeFields.length < MAX_FREE_FIELDS && (
                        <button type="button" className="button-small range-button" onClick={() => newFreeField(i, name)}>
                          {t('messages.mapping.newFree')}
                        </button>
                      )}
                    </div>
                  )}
                  {error && (
                    <small id={`${valueId}-error`} className="field-error">
                      {error}
                    </small>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}
