/**
 * E-mail (Assunto, Corpo texto, Corpo HTML) and SMS (Texto, with characters and parts) bodies, beside a list of
 * the variables that inserts `{{key}}` at the cursor of the last field used.
 */
import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { smsSegments } from '../../providers/sms/segments.js';
import { formatNumber } from '../format.js';
import { describedBy, FieldBox } from '../components/formBits.js';
import type { MessageFormBinding } from './binding.js';
import { insertAt, placeholdersOf, SMS_MAX } from './draft.js';

type TextField = 'subject' | 'text' | 'html';
type Control = HTMLInputElement | HTMLTextAreaElement;

export function TextFields({ form }: { form: MessageFormBinding }) {
  const { t } = useTranslation();
  const { draft, update, errorOf, readOnly } = form;
  const controls = useRef<Partial<Record<TextField, Control | null>>>({});
  const last = useRef<TextField>('text');
  /** Where the caret goes once an insertion is rendered (set in the same commit, so nothing can run between). */
  const caret = useRef<{ field: TextField; at: number } | null>(null);

  useLayoutEffect(() => {
    const pending = caret.current;
    if (!pending) return;
    caret.current = null;
    const control = controls.current[pending.field];
    control?.focus();
    control?.setSelectionRange(pending.at, pending.at);
  });

  const insert = (key: string) => {
    const field = last.current;
    const control = controls.current[field];
    const current = draft[field];
    const start = control?.selectionStart ?? current.length;
    const end = control?.selectionEnd ?? current.length;
    const next = insertAt(current, start, end, `{{${key}}}`);
    caret.current = { field, at: next.caret };
    update({ [field]: next.text });
  };

  const bind = (field: TextField) => {
    const id = `msg-${field}`;
    const error = errorOf(`content.${field}`);
    return {
      id,
      error,
      props: {
        id,
        value: draft[field],
        ref: (el: Control | null) => {
          controls.current[field] = el;
        },
        onFocus: () => {
          last.current = field;
        },
        onChange: (e: { target: { value: string } }) => update({ [field]: e.target.value }),
        ...describedBy(id, error, field === 'html' || (field === 'text' && draft.channel === 'sms')),
      },
    };
  };

  const subject = bind('subject');
  const text = bind('text');
  const html = bind('html');

  return (
    <div className="text-fields">
      <div className="form-grid text-fields-main">
        {draft.channel === 'email' && (
          <FieldBox id={subject.id} label={t('messages.fields.subject')} error={subject.error} wide>
            <input {...subject.props} maxLength={300} />
          </FieldBox>
        )}
        <FieldBox
          id={text.id}
          label={draft.channel === 'email' ? t('messages.fields.emailText') : t('messages.fields.smsText')}
          error={text.error}
          wide
          hint={draft.channel === 'sms' ? <SmsCounter text={draft.text} /> : undefined}
        >
          <textarea
            {...text.props}
            rows={draft.channel === 'email' ? 8 : 4}
            maxLength={draft.channel === 'sms' ? SMS_MAX : undefined}
          />
        </FieldBox>
        {draft.channel === 'email' && (
          <FieldBox id={html.id} label={t('messages.fields.html')} error={html.error} wide hint={t('messages.hints.html')}>
            <textarea {...html.props} rows={6} className="mono" spellCheck={false} />
          </FieldBox>
        )}
      </div>
      {!readOnly && <VariablePicker form={form} onPick={insert} />}
    </div>
  );
}

/** The system variables and free fields, each a button that inserts `{{key}}`. */
function VariablePicker({ form, onPick }: { form: MessageFormBinding; onPick: (key: string) => void }) {
  const { t } = useTranslation();
  const free = form.draft.freeFields.filter((f) => f.key.trim());
  return (
    <aside className="var-picker" aria-labelledby="var-picker-title">
      <h3 id="var-picker-title">{t('messages.picker.title')}</h3>
      <p className="hint">{t('messages.picker.hint')}</p>
      <ul>
        {form.variables.map((v) => (
          <li key={v.key}>
            <button
              type="button"
              className="var-button"
              title={t('messages.picker.example', { example: v.example })}
              aria-label={t('messages.picker.insert', { name: v.key })}
              // Keep the caret where it is: the click must not take focus from the text field.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onPick(v.key)}
            >
              <span>{form.labelOf(v)}</span>
              <code>{`{{${v.key}}}`}</code>
            </button>
          </li>
        ))}
        {free.map((f) => (
          <li key={`free-${f.key}`}>
            <button
              type="button"
              className="var-button var-free"
              aria-label={t('messages.picker.insert', { name: f.key })}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onPick(f.key.trim())}
            >
              <span>
                {f.label || f.key} <em className="muted">{t('messages.picker.free')}</em>
              </span>
              <code>{`{{${f.key.trim()}}}`}</code>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}

/** "83 caracteres · 1 SMS · GSM-7 (160 por SMS)"; with variables, the real size is known at preview. */
export function SmsCounter({ text }: { text: string }) {
  const { t, i18n } = useTranslation();
  const count = smsSegments(text);
  return (
    <span className="sms-counter" data-testid="sms-counter">
      {t('messages.sms.counter', {
        characters: formatNumber(count.characters, i18n.language),
        segments: count.segments,
        encoding: count.encoding,
        perSegment: count.perSegment,
      })}
      {count.encoding === 'UCS-2' && <> {t('messages.sms.ucs2')}</>}
      {placeholdersOf(text).length > 0 && <> {t('messages.sms.variables')}</>}
    </span>
  );
}
