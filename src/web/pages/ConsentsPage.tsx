/**
 * Sistema › CRM › Consentimentos: who agreed to receive marketing, per channel (LGPD). A `marketing` message goes
 * only to them; the others are skipped as "Sem consentimento". Admins record consent for one contact or many
 * pasted one per line (from a signed contract, the site…) and revoke it, asked twice; a revoked consent is kept,
 * with who and when. Operators read the list.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { avisa } from '../client.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { FieldBox } from '../components/formBits.js';
import { ContactCells, type ContactFilter, ContactListScreen, type ContactsInput, Stamp } from '../optout/ContactListParts.js';

type Filter = ContactFilter & { revoked?: 'true' };

const record = ({ channel, lines, note }: ContactsInput) =>
  avisa.optout.recordConsents({ body: { entries: lines.map((contact) => ({ channel, contact, ...(note ? { note } : {}) })) } });

const revoke = (id: number) => avisa.optout.revokeConsent({ params: { id } });

export function ConsentsPage() {
  const { t } = useTranslation();
  const [withRevoked, setWithRevoked] = useState(false);
  return (
    <ContactListScreen
      section="consents"
      fetch={(query: Filter & { page: number; pageSize: number }) => avisa.optout.consents({ query })}
      filterOf={(f): Filter => ({ ...f, ...(withRevoked ? { revoked: 'true' } : {}) })}
      save={record}
      act={revoke}
      filterFields={
        <FieldBox id="consents-state" label={t('consents.state')}>
          <select id="consents-state" value={withRevoked ? 'all' : 'active'} onChange={(e) => setWithRevoked(e.target.value === 'all')}>
            <option value="active">{t('consents.activeOnly')}</option>
            <option value="all">{t('consents.withRevoked')}</option>
          </select>
        </FieldBox>
      }
      columns={[t('optout.note'), t('consents.recorded'), t('consents.revoked')]}
      actionLabel={t('consents.revoke')}
      row={(e, action) => (
        <tr key={e.id} data-consent={e.contact} className={e.revokedAt ? 'row-inactive' : undefined}>
          <ContactCells entry={e} />
          <td className="break">{e.note}</td>
          <td className="nowrap">
            <Stamp at={e.createdAt} by={e.createdBy} />
          </td>
          <td className="nowrap">{e.revokedAt ? <Stamp at={e.revokedAt} by={e.revokedBy} /> : <span className="tag tag-ok">{t('consents.active')}</span>}</td>
          {action && (
            <td className="nowrap">
              {!e.revokedAt && (
                <ConfirmButton
                  small
                  label={t('consents.revoke')}
                  confirmLabel={t('consents.confirmRevoke')}
                  ariaLabel={t('consents.revokeFor', { contact: e.contactDisplay })}
                  busy={action.busy}
                  onAsk={action.reset}
                  onConfirm={() => action.run(e.id)}
                />
              )}
            </td>
          )}
        </tr>
      )}
    />
  );
}
