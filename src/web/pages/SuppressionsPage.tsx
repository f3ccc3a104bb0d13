/**
 * Sistema › CRM › Descadastros: who asked not to get messages, per channel — by answering SAIR, by the template's
 * button, or listed by an admin (one at a time or pasted in bulk). Removing keeps the entry (who, when). Operators
 * read it (why a send skipped someone); admins change it, every change audited.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { optoutContract } from '../../optout/contract.js';
import { type Channel, channels } from '../../shared/vocabulary.js';
import { avisa, pathOf } from '../client.js';
import { CheckedForm } from '../components/CheckedForm.js';
import { SuccessAlert } from '../components/Alert.js';
import { FieldBox, ServerAlert } from '../components/formBits.js';
import { PageHeader } from '../components/PageHeader.js';
import { Pager } from '../components/Pager.js';
import { QueryState } from '../components/QueryState.js';
import { formatDateTime } from '../format.js';
import { canSee } from '../menu.js';
import { useSession } from '../session.js';

const PAGE_SIZE = 50;
const key = ['suppressions'] as const;

export function SuppressionsPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const isAdmin = !!session && canSee(session.user.role, 'admin');
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<Channel | ''>('');
  const [contact, setContact] = useState('');
  const [applied, setApplied] = useState<{ channel?: Channel; contact?: string }>({});
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: [...key, applied, page],
    queryFn: () => avisa.optout.list({ query: { ...applied, page, pageSize: PAGE_SIZE } }),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const remove = useMutation({ mutationFn: (id: number) => avisa.optout.remove({ params: { id } }), onSuccess: refresh });
  const filter = (event: FormEvent) => {
    event.preventDefault();
    setPage(1);
    setApplied({ ...(channel ? { channel } : {}), ...(contact.trim() ? { contact: contact.trim() } : {}) });
  };
  return (
    <>
      <PageHeader title={t('optout.title')} intro={t('optout.intro')} />
      <CheckedForm className="panel filter-form" onSubmit={filter} aria-label={t('optout.filter')}>
        <div className="filter-grid">
          <ChannelSelect id="optout-channel" value={channel} onChange={setChannel} all />
          <FieldBox id="optout-contact" label={t('optout.contact')}>
            <input id="optout-contact" value={contact} onChange={(e) => setContact(e.target.value)} />
          </FieldBox>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t('optout.apply')}
          </button>
          {isAdmin && (
            <a className="button button-small push-right" href={pathOf(optoutContract.exportCsv, { query: applied })} download>
              {t('optout.export')}
            </a>
          )}
        </div>
      </CheckedForm>
      {isAdmin && <AddSuppression onDone={refresh} />}
      <section className="panel">
        <ServerAlert error={remove.error} />
        <QueryState query={list}>
          {(data) =>
            data.entries.length === 0 ? (
              <p className="muted">{t('optout.empty')}</p>
            ) : (
              <>
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">{t('optout.channel')}</th>
                        <th scope="col">{t('optout.contact')}</th>
                        <th scope="col">{t('optout.source')}</th>
                        <th scope="col">{t('optout.note')}</th>
                        <th scope="col">{t('optout.when')}</th>
                        {isAdmin && <th scope="col"><span className="visually-hidden">{t('optout.remove')}</span></th>}
                      </tr>
                    </thead>
                    <tbody>
                      {data.entries.map((e) => (
                        <tr key={e.id} data-suppression={e.contact}>
                          <td>{t(`integrations.channels.${e.channel}`)}</td>
                          <td className="nowrap">{e.contactDisplay}</td>
                          <td>{t(`optout.sources.${e.source}`)}</td>
                          <td className="break">{e.note}</td>
                          <td className="nowrap">
                            {formatDateTime(e.createdAt, i18n.language)}{' '}
                            <span className="muted small">{e.source === 'keyword' || e.source === 'button' ? t('optout.bySubscriber') : e.createdBy}</span>
                          </td>
                          {isAdmin && (
                            <td>
                              <button type="button" className="button-small" disabled={remove.isPending} onClick={() => remove.mutate(e.id)}>
                                {t('optout.remove')}
                              </button>
                            </td>
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <Pager label={t('optout.pager')} page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />
              </>
            )
          }
        </QueryState>
      </section>
    </>
  );
}

/** Adds one contact, or many pasted one per line (Importar), to a channel's list. */
function AddSuppression({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<Channel>('whatsapp');
  const [contacts, setContacts] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: async () => {
      const lines = contacts.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
      const n = note.trim() ? { note: note.trim() } : {};
      if (lines.length === 1) {
        await avisa.optout.add({ body: { channel, contact: lines[0]!, ...n } });
        return { added: 1, alreadyListed: 0 };
      }
      return avisa.optout.import({ body: { entries: lines.map((contact) => ({ channel, contact, ...n })) } });
    },
    onSuccess: (r) => {
      setDone(t('optout.added', { count: r.added, already: r.alreadyListed }));
      setContacts('');
      onDone();
    },
  });
  return (
    <CheckedForm
      className="panel"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        if (contacts.trim()) save.mutate();
      }}
      aria-label={t('optout.addTitle')}
    >
      <h2>{t('optout.addTitle')}</h2>
      <SuccessAlert message={done} onClose={() => setDone(null)} />
      <ServerAlert error={save.error} />
      <div className="form-grid">
        <ChannelSelect id="optout-add-channel" value={channel} onChange={(c) => setChannel(c || 'whatsapp')} />
        <FieldBox id="optout-add-contacts" label={t('optout.contacts')} hint={t('optout.contactsHint')} wide>
          <textarea id="optout-add-contacts" rows={3} value={contacts} onChange={(e) => setContacts(e.target.value)} />
        </FieldBox>
        <FieldBox id="optout-add-note" label={t('optout.note')}>
          <input id="optout-add-note" value={note} onChange={(e) => setNote(e.target.value)} />
        </FieldBox>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('optout.add')}
        </button>
      </div>
    </CheckedForm>
  );
}

/** Canal: WhatsApp, e-mail or SMS (and, with `all`, every channel). */
function ChannelSelect(props: { id: string; value: Channel | ''; onChange: (channel: Channel | '') => void; all?: boolean }) {
  const { t } = useTranslation();
  return (
    <FieldBox id={props.id} label={t('optout.channel')}>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value as Channel | '')}>
        {props.all && <option value="">{t('optout.allChannels')}</option>}
        {channels.map((c) => (
          <option key={c} value={c}>
            {t(`integrations.channels.${c}`)}
          </option>
        ))}
      </select>
    </FieldBox>
  );
}
