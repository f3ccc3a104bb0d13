/**
 * Fallback of a message: another channel's message (usually SMS) sent instead to each recipient this one cannot
 * reach — refused for good (not on WhatsApp), reported failed, or, with a time, not delivered in that time. Once
 * per recipient, never both.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { avisa } from '../client.js';
import { describedBy, FieldBox } from '../components/formBits.js';
import type { MessageFormBinding } from './binding.js';

export function FallbackFields({ form, messageId }: { form: MessageFormBinding; messageId?: number | undefined }) {
  const { t } = useTranslation();
  const { draft, update, errorOf } = form;
  const others = useQuery({
    queryKey: ['messages', 'fallback-candidates', draft.channel],
    queryFn: async () => (await avisa.messages.list({ query: {} })).messages,
  });
  // another channel, not this message, without a fallback of its own (one hop)
  const candidates = (others.data ?? []).filter((m) => m.channel !== draft.channel && m.id !== messageId && m.fallbackMessageId === null);
  const error = errorOf('fallbackMessageId');
  const afterError = errorOf('fallbackAfterMinutes');
  return (
    <fieldset className="sub-panel">
      <legend>{t('messages.fallback.title')}</legend>
      <p className="hint">{t('messages.fallback.hint')}</p>
      <div className="form-grid">
        <FieldBox id="msg-fallback" label={t('messages.fallback.message')} error={error}>
          <select id="msg-fallback" value={draft.fallbackMessageId} onChange={(e) => update({ fallbackMessageId: e.target.value })} {...describedBy('msg-fallback', error)}>
            <option value="">{t('messages.fallback.none')}</option>
            {candidates.map((m) => (
              <option key={m.id} value={String(m.id)}>
                {`${t(`integrations.channels.${m.channel}`)} · ${m.description}`}
              </option>
            ))}
          </select>
        </FieldBox>
        {draft.fallbackMessageId && (
          <FieldBox id="msg-fallback-after" label={t('messages.fallback.after')} hint={t('messages.fallback.afterHint')} error={afterError}>
            <input
              id="msg-fallback-after"
              inputMode="numeric"
              className="input-short"
              value={draft.fallbackAfterMinutes}
              onChange={(e) => update({ fallbackAfterMinutes: e.target.value })}
              {...describedBy('msg-fallback-after', afterError, true)}
            />
          </FieldBox>
        )}
      </div>
    </fieldset>
  );
}
