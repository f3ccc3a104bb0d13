/**
 * Conta › Meus tokens de API: list, create (secret shown once, with an expiry of 30, 90 or 365 days, or none) and
 * revoke the user's own API tokens. Expired tokens stay listed, marked, until revoked.
 */
import { CheckedForm } from '../components/CheckedForm.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorAlert, SuccessAlert } from '../components/Alert.js';
import { Field, textOf } from '../components/Field.js';
import { PageHeader } from '../components/PageHeader.js';
import { QueryState } from '../components/QueryState.js';
import { SecretBox } from '../components/SecretBox.js';
import { type ApiToken, endpoints, keys } from '../endpoints.js';
import { formatDateTime } from '../format.js';
import { DEFAULT_LIFETIME, expiryOf, tokenLifetimes } from './tokenLifetime.js';

export function TokensPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: keys.tokens, queryFn: endpoints.tokens });
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.tokens });

  const create = useMutation({
    mutationFn: endpoints.createToken,
    onSuccess: async ({ token, secret }) => {
      setCreated({ name: token.name, secret });
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => endpoints.revokeToken(token.id),
    onSuccess: async (_, token) => {
      setFlash(t('tokens.revoked', { name: token.name }));
      await refresh();
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setFlash(null);
    const data = new FormData(form);
    create.mutate({ name: textOf(data, 'name'), expiresAt: expiryOf(textOf(data, 'lifetime')) }, { onSuccess: () => form.reset() });
  };

  return (
    <>
      <PageHeader title={t('tokens.title')} intro={t('tokens.intro')} />
      {created && (
        <SecretBox
          title={t('tokens.secretTitle', { name: created.name })}
          secret={created.secret}
          onDismiss={() => setCreated(null)}
        />
      )}
      <section className="panel" aria-label={t('tokens.create')}>
        <CheckedForm className="inline-form" onSubmit={submit}>
          <Field id="token-name" label={t('tokens.name')}>
            <input id="token-name" name="name" required maxLength={100} placeholder={t('tokens.namePlaceholder')} />
          </Field>
          <Field id="token-lifetime" label={t('tokens.lifetime')}>
            <select id="token-lifetime" name="lifetime" defaultValue={DEFAULT_LIFETIME}>
              {tokenLifetimes.map((lifetime) => (
                <option key={lifetime} value={lifetime}>
                  {lifetime === 'never' ? t('tokens.lifetimeNever') : t('tokens.lifetimeDays', { count: Number(lifetime) })}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {create.isPending ? t('tokens.creating') : t('tokens.create')}
          </button>
        </CheckedForm>
        <ErrorAlert error={create.error} />
      </section>
      <SuccessAlert message={flash} onClose={() => setFlash(null)} />
      <ErrorAlert error={revoke.error} />
      <QueryState query={tokens}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t('tokens.empty')}</p>
          ) : (
            <TokenTable tokens={list} revoking={revoke.isPending} onRevoke={(token) => revoke.mutate(token)} />
          )
        }
      </QueryState>
    </>
  );
}

function TokenTable(props: { tokens: ApiToken[]; revoking: boolean; onRevoke: (token: ApiToken) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="panel table-panel">
      <table className="table">
        <caption className="visually-hidden">{t('tokens.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tokens.name')}</th>
            <th scope="col">{t('tokens.prefix')}</th>
            <th scope="col">{t('tokens.createdAt')}</th>
            <th scope="col">{t('tokens.lastUsed')}</th>
            <th scope="col">{t('tokens.expiresAt')}</th>
            <th scope="col" className="actions">
              {t('common.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.tokens.map((token) => (
            <tr key={token.id} className={token.expired ? 'row-inactive' : undefined}>
              <td>
                {token.name}
                {token.expired && <span className="tag tag-inactive">{t('tokens.expired')}</span>}
              </td>
              <td className="mono">{token.prefix}…</td>
              <td className="nowrap">{formatDateTime(token.createdAt, i18n.language)}</td>
              <td className="nowrap">
                {token.lastUsedAt ? formatDateTime(token.lastUsedAt, i18n.language) : t('tokens.neverUsed')}
              </td>
              <td className="nowrap">{token.expiresAt ? formatDateTime(token.expiresAt, i18n.language) : t('tokens.neverExpires')}</td>
              <td className="actions">
                <ConfirmButton
                  small
                  label={t('tokens.revoke')}
                  confirmLabel={t('tokens.confirmRevoke')}
                  ariaLabel={`${t('tokens.revoke')} ${token.name}`}
                  busy={props.revoking}
                  onConfirm={() => props.onRevoke(token)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
