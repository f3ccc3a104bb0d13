/**
 * Sistema › CRM › Descadastros: who asked not to get messages, per channel — by answering SAIR, by the template's
 * button, or listed by an admin (one at a time or pasted in bulk). Removing keeps the entry (who, when). Operators
 * read it (why a send skipped someone); admins change it, every change audited.
 */
import { useTranslation } from 'react-i18next';
import { optoutContract } from '../../optout/contract.js';
import { avisa, pathOf } from '../client.js';
import { ContactCells, type ContactFilter, ContactListScreen, type ContactsInput, Stamp } from '../optout/ContactListParts.js';

/** One contact is added as such (201, the entry); many as an import (a bad one named by its row). */
async function addContacts({ channel, lines, note }: ContactsInput) {
  const n = note ? { note } : {};
  if (lines.length === 1) {
    await avisa.optout.add({ body: { channel, contact: lines[0]!, ...n } });
    return { added: 1, alreadyListed: 0 };
  }
  return avisa.optout.import({ body: { entries: lines.map((contact) => ({ channel, contact, ...n })) } });
}

const remove = (id: number) => avisa.optout.remove({ params: { id } });

export function SuppressionsPage() {
  const { t } = useTranslation();
  return (
    <ContactListScreen
      section="optout"
      fetch={(query: ContactFilter & { page: number; pageSize: number }) => avisa.optout.list({ query })}
      save={addContacts}
      act={remove}
      adminActions={(applied) => (
        <a className="button button-small push-right" href={pathOf(optoutContract.exportCsv, { query: applied })} download>
          {t('optout.export')}
        </a>
      )}
      columns={[t('optout.source'), t('optout.note'), t('optout.when')]}
      actionLabel={t('optout.remove')}
      row={(e, action) => (
        <tr key={e.id} data-suppression={e.contact}>
          <ContactCells entry={e} />
          <td>{t(`optout.sources.${e.source}`)}</td>
          <td className="break">{e.note}</td>
          <td className="nowrap">
            <Stamp at={e.createdAt} by={e.source === 'keyword' || e.source === 'button' ? t('optout.bySubscriber') : e.createdBy} />
          </td>
          {action && (
            <td>
              <button type="button" className="button-small" disabled={action.busy} onClick={() => action.run(e.id)}>
                {t('optout.remove')}
              </button>
            </td>
          )}
        </tr>
      )}
    />
  );
}
