/**
 * Configurações › Envio: the recent-notice guard — how many hours a contact who got a notice is not sent it again
 * (0: off), and whether "it" is the same message or any message of the same purpose; quiet hours (non-urgent rows
 * wait between start and end; equal = off); the opt-out words and their confirmation; Meta's WhatsApp prices the
 * send dialog's estimate uses. Everyone signed in reads it (the send dialog quotes it); admins change it, audited.
 */
import { CheckedForm } from '../components/CheckedForm.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recentNoticeScopes } from '../../shared/vocabulary.js';
import { SuccessAlert } from '../components/Alert.js';
import { describedBy, FieldBox, SaveOrReadOnly, ServerAlert } from '../components/formBits.js';
import { PageHeader } from '../components/PageHeader.js';
import { QueryState } from '../components/QueryState.js';
import { avisa } from '../client.js';
import type { WhatsAppPrices } from '../../shared/whatsapp-pricing.js';
import { formatDateTime } from '../format.js';
import { canSee } from '../menu.js';
import { sendApi, sendKeys } from '../send/api.js';
import type { RecentNoticeScope, SendSettings } from '../send/types.js';
import { useSession } from '../session.js';
import { priceControlId, WhatsAppPriceFields } from './WhatsAppPriceFields.js';
import { type PriceProblem, priceDraftOf, readPriceDraft } from './whatsappPrices.js';

export function SendSettingsPage() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: sendKeys.settings, queryFn: sendApi.settings });
  // Here, not in the form: a save changes updatedAt, which remounts the form with what the server kept.
  const [saved, setSaved] = useState(false);
  return (
    <>
      <PageHeader title={t('sendSettings.title')} intro={t('sendSettings.intro')} />
      <QueryState query={settings}>
        {(data) => <SettingsForm key={data.updatedAt ?? 'defaults'} settings={data} saved={saved} onSaved={setSaved} />}
      </QueryState>
    </>
  );
}

function SettingsForm({ settings, saved, onSaved: setSaved }: { settings: SendSettings; saved: boolean; onSaved: (saved: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const canEdit = !!session && canSee(session.user.role, 'admin');
  const queryClient = useQueryClient();
  const [hours, setHours] = useState(String(settings.recentHours));
  const [scope, setScope] = useState<RecentNoticeScope>(settings.recentScope);
  const [hoursError, setHoursError] = useState<string | undefined>();
  const [quietStart, setQuietStart] = useState(settings.quietStart);
  const [quietEnd, setQuietEnd] = useState(settings.quietEnd);
  const [words, setWords] = useState(settings.optOutWords.join(', '));
  const [reply, setReply] = useState(settings.optOutReply);
  const [prices, setPrices] = useState(() => priceDraftOf(settings, i18n.language));
  const [priceErrors, setPriceErrors] = useState<Partial<Record<keyof WhatsAppPrices, PriceProblem>>>({});
  const save = useMutation({
    mutationFn: (body: Parameters<typeof avisa.send.updateSettings>[0]['body']) => avisa.send.updateSettings({ body }),
    // What the server kept (a currency in capitals, trimmed words) replaces the form before "saved" shows: a reload
    // after the message would leave the operator looking, for a moment, at what they typed.
    onSuccess: (stored) => {
      queryClient.setQueryData(sendKeys.settings, stored);
      setSaved(true);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const value = Number(hours.trim());
    if (hours.trim() === '' || !Number.isInteger(value) || value < 0 || value > 168) {
      setHoursError(t('sendSettings.hoursError'));
      document.getElementById('send-recent-hours')?.focus();
      return;
    }
    setHoursError(undefined);
    const read = readPriceDraft(prices);
    setPriceErrors(read.ok ? {} : read.errors);
    if (!read.ok) {
      const first = Object.keys(read.errors)[0] as keyof WhatsAppPrices;
      document.getElementById(priceControlId[first])?.focus();
      return;
    }
    const optOutWords = words
      .split(/[,;\n]/)
      .map((w) => w.trim())
      .filter(Boolean);
    save.mutate({ recentHours: value, recentScope: scope, quietStart, quietEnd, optOutWords, optOutReply: reply.trim(), ...read.prices });
  };
  return (
    <CheckedForm className="panel" onSubmit={submit}>
      <SuccessAlert message={saved ? t('sendSettings.saved') : null} onClose={() => setSaved(false)} />
      <ServerAlert error={save.error} />
      <fieldset className="plain" disabled={!canEdit || save.isPending}>
        <div className="form-grid">
          <FieldBox id="send-recent-hours" label={t('sendSettings.hours')} hint={t('sendSettings.hoursHint')} error={hoursError}>
            <input
              id="send-recent-hours"
              inputMode="numeric"
              value={hours}
              onChange={(e) => setHours(e.target.value)}
              {...describedBy('send-recent-hours', hoursError, true)}
            />
          </FieldBox>
          <FieldBox id="send-recent-scope" label={t('sendSettings.scope')} hint={t('sendSettings.scopeHint')}>
            <select
              id="send-recent-scope"
              value={scope}
              onChange={(e) => setScope(e.target.value as RecentNoticeScope)}
              {...describedBy('send-recent-scope', undefined, true)}
            >
              {recentNoticeScopes.map((s) => (
                <option key={s} value={s}>
                  {t(`sendSettings.scopes.${s}`)}
                </option>
              ))}
            </select>
          </FieldBox>
        </div>
        <h3 className="form-section">{t('sendSettings.quietTitle')}</h3>
        <p className="hint">{t('sendSettings.quietHint')}</p>
        <div className="form-grid">
          <FieldBox id="send-quiet-start" label={t('sendSettings.quietStart')}>
            <input id="send-quiet-start" className="input-short" inputMode="numeric" placeholder="21:00" value={quietStart} onChange={(e) => setQuietStart(e.target.value)} />
          </FieldBox>
          <FieldBox id="send-quiet-end" label={t('sendSettings.quietEnd')}>
            <input id="send-quiet-end" className="input-short" inputMode="numeric" placeholder="08:00" value={quietEnd} onChange={(e) => setQuietEnd(e.target.value)} />
          </FieldBox>
        </div>
        <h3 className="form-section">{t('sendSettings.optOutTitle')}</h3>
        <div className="form-grid">
          <FieldBox id="send-optout-words" label={t('sendSettings.optOutWords')} hint={t('sendSettings.optOutWordsHint')}>
            <input id="send-optout-words" value={words} onChange={(e) => setWords(e.target.value)} {...describedBy('send-optout-words', undefined, true)} />
          </FieldBox>
          <FieldBox id="send-optout-reply" label={t('sendSettings.optOutReply')} wide>
            <textarea id="send-optout-reply" rows={2} value={reply} onChange={(e) => setReply(e.target.value)} />
          </FieldBox>
        </div>
        <WhatsAppPriceFields
          draft={prices}
          errors={priceErrors}
          onChange={(field, value) => {
            setPrices((draft) => ({ ...draft, [field]: value }));
            setPriceErrors(({ [field]: _, ...rest }) => rest);
          }}
        />
        {settings.updatedBy && settings.updatedAt && (
          <p className="small muted">
            {t('sendSettings.updated', { who: settings.updatedBy, when: formatDateTime(settings.updatedAt, i18n.language) })}
          </p>
        )}
        <SaveOrReadOnly canEdit={canEdit} saving={save.isPending} readOnly={t('sendSettings.readOnly')} />
      </fieldset>
    </CheckedForm>
  );
}
