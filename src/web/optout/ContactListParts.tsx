/**
 * The pieces Descadastros and Consentimentos share: a list of contacts per channel, filtered by channel and contact
 * and paged; a form that adds one contact or many pasted one per line (a bad line named in the reader's language);
 * and who did what, when.
 */
import { type QueryKey, useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel } from '../../shared/vocabulary.js';
import { SuccessAlert } from '../components/Alert.js';
import { ChannelOptions } from '../components/ChannelOptions.js';
import { CheckedForm } from '../components/CheckedForm.js';
import { describedBy, FieldBox, ServerAlert } from '../components/formBits.js';
import { PageHeader } from '../components/PageHeader.js';
import { Pager } from '../components/Pager.js';
import { DEFAULT_PAGE_SIZE } from '../components/paging.js';
import { QueryState } from '../components/QueryState.js';
import { formatDateTime } from '../format.js';
import { canSee } from '../menu.js';
import { useSession } from '../session.js';
import { badContactLine, contactKind, contactLines } from './contacts.js';

export interface ContactFilter {
  channel?: Channel;
  contact?: string;
}
/** A list's filter as applied, its page and its query; `refresh` after a change reloads every page of it. */
interface PagedList<F extends ContactFilter, T> {
  list: UseQueryResult<{ total: number; entries: T[] }>;
  applied: F;
  apply: (filter: F) => void;
  page: number;
  setPage: (page: number) => void;
  refresh: () => Promise<void>;
}

function usePagedList<F extends ContactFilter, T>(
  key: QueryKey,
  fetch: (query: ListQuery<F>) => Promise<{ total: number; entries: T[] }>,
): PagedList<F, T> {
  const queryClient = useQueryClient();
  const [applied, setApplied] = useState<F>({} as F);
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: [...key, applied, page], queryFn: () => fetch({ ...applied, page, pageSize: DEFAULT_PAGE_SIZE }) });
  const apply = (filter: F) => {
    setPage(1);
    setApplied(filter);
  };
  return { list, applied, apply, page, setPage, refresh: () => queryClient.invalidateQueries({ queryKey: key }) };
}

/** Canal and Contato (and `children`, a list's own fields), applied with Filtrar; `actions` beside the button. */
function ContactFilterForm(props: { section: ListSection; onApply: (filter: ContactFilter) => void; children?: ReactNode; actions?: ReactNode }) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<Channel | ''>('');
  const [contact, setContact] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onApply({ ...(channel ? { channel } : {}), ...(contact.trim() ? { contact: contact.trim() } : {}) });
  };
  const contactId = `${props.section}-contact`;
  return (
    <CheckedForm className="panel filter-form" onSubmit={submit} aria-label={t(`${props.section}.filter`)}>
      <div className="filter-grid">
        <ChannelSelect id={`${props.section}-channel`} value={channel} onChange={setChannel} all />
        <FieldBox id={contactId} label={t('optout.contact')}>
          <input id={contactId} value={contact} maxLength={200} onChange={(e) => setContact(e.target.value)} />
        </FieldBox>
        {props.children}
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary">
          {t('optout.apply')}
        </button>
        {props.actions}
      </div>
    </CheckedForm>
  );
}

export interface ContactsInput {
  channel: Channel;
  lines: string[];
  note?: string;
}

/** Whose texts a piece shows: Descadastros' (`optout.*`) or Consentimentos' (`consents.*`). */
export type ListSection = 'optout' | 'consents';

interface AddProps {
  section: ListSection;
  save: (input: ContactsInput) => Promise<{ added: number; alreadyListed: number }>;
  onDone: () => void;
}

/**
 * A channel, contacts one per line and a note, saved with the section's button; then how many were new and how many
 * already there. A contact the server refuses is named by its line, under the field.
 */
function AddContactsForm({ section, save, onDone }: AddProps) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<Channel>('whatsapp');
  const [contacts, setContacts] = useState('');
  const [note, setNote] = useState('');
  const [sent, setSent] = useState<{ lines: string[]; channel: Channel }>({ lines: [], channel });
  const [done, setDone] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: (r) => {
      setDone(t(`${section}.added`, { count: r.added, already: r.alreadyListed }));
      setContacts('');
      onDone();
    },
  });
  const bad = badContactLine(mutation.error, sent.lines);
  const contactsError = bad ? t(`optout.badContact.${contactKind(sent.channel)}`, bad) : undefined;
  const title = t(`${section}.addTitle`);
  const ids = { channel: `${section}-add-channel`, contacts: `${section}-add-contacts`, note: `${section}-add-note` };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const lines = contactLines(contacts);
    setSent({ lines, channel });
    mutation.mutate({ channel, lines, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <CheckedForm className="panel" onSubmit={submit} aria-label={title}>
      <h2>{title}</h2>
      <SuccessAlert message={done} onClose={() => setDone(null)} />
      <ServerAlert error={mutation.error} fieldShown={!!contactsError} />
      <div className="form-grid">
        <ChannelSelect id={ids.channel} value={channel} onChange={(c) => setChannel(c || 'whatsapp')} />
        <FieldBox id={ids.contacts} label={t('optout.contacts')} hint={t('optout.contactsHint')} error={contactsError} wide>
          <textarea
            id={ids.contacts}
            rows={3}
            required
            value={contacts}
            onChange={(e) => setContacts(e.target.value)}
            {...describedBy(ids.contacts, contactsError, true)}
          />
        </FieldBox>
        <FieldBox id={ids.note} label={t('optout.note')}>
          <input id={ids.note} value={note} maxLength={300} onChange={(e) => setNote(e.target.value)} />
        </FieldBox>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={mutation.isPending}>
          {t(`${section}.add`)}
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
        <ChannelOptions />
      </select>
    </FieldBox>
  );
}

interface ListProps<T extends { id: number }> {
  section: ListSection;
  /** usePagedList's answer. */
  paged: Pick<PagedList<ContactFilter, T>, 'list' | 'page' | 'setPage'>;
  /** The last row action's failure. */
  error: unknown;
  /** The headers after Canal and Contato (which every row starts with: ContactCells). */
  columns: string[];
  /** The last column's buttons, named for screen readers (admins only). */
  actionLabel?: string | false;
  row: (entry: T) => ReactNode;
}

/** A row's admin action (remove, revoke): run it, whether it is running, forget its last failure. */
export interface RowAction {
  run: (id: number) => void;
  busy: boolean;
  reset: () => void;
}

type ListQuery<F> = F & { page: number; pageSize: number };

interface ScreenProps<F extends ContactFilter, T extends { id: number }> extends Omit<ListProps<T>, 'error' | 'row' | 'paged'> {
  /** One page of the list (the query key is the section). */
  fetch: (query: ListQuery<F>) => Promise<{ total: number; entries: T[] }>;
  /** Adds the contacts (admins). */
  save: AddProps['save'];
  /** The row action (admins): remove, revoke. */
  act: (id: number) => Promise<unknown>;
  /** A row; `action` is null for those who may only read. */
  row: (entry: T, action: RowAction | null) => ReactNode;
  /** The list's own filter fields, and the filter Filtrar applies with their values merged in. */
  filterFields?: ReactNode;
  filterOf?: (filter: ContactFilter) => F;
  /** Beside Filtrar, for admins (Exportar CSV of the filter applied). */
  adminActions?: (applied: F) => ReactNode;
}

/**
 * A whole list screen: title and intro, the filter, the add form and the table. Operators read it; admins add and
 * act on rows, as the API's route rules allow.
 */
export function ContactListScreen<F extends ContactFilter, T extends { id: number }>(props: ScreenProps<F, T>) {
  const { section, fetch, save, act, row, filterFields, filterOf, adminActions, actionLabel, columns } = props;
  const { t } = useTranslation();
  const session = useSession();
  const canChange = !!session && canSee(session.user.role, 'admin');
  const paged = usePagedList([section], fetch);
  const action = useMutation({ mutationFn: act, onSuccess: paged.refresh });
  const rowAction = canChange ? { run: (id: number) => action.mutate(id), busy: action.isPending, reset: () => action.reset() } : null;
  const apply = (filter: ContactFilter) => paged.apply(filterOf ? filterOf(filter) : (filter as F));
  return (
    <>
      <PageHeader title={t(`${section}.title`)} intro={t(`${section}.intro`)} />
      <ContactFilterForm section={section} onApply={apply} actions={canChange && adminActions?.(paged.applied)}>
        {filterFields}
      </ContactFilterForm>
      {canChange && <AddContactsForm section={section} save={save} onDone={paged.refresh} />}
      <ContactTable<T>
        section={section}
        paged={paged}
        columns={columns}
        actionLabel={canChange && actionLabel}
        error={action.error}
        row={(entry) => row(entry, rowAction)}
      />
    </>
  );
}

/** The list as a table, paged; the section's `empty` when the filter finds nobody. */
function ContactTable<T extends { id: number }>({ section, paged, error, columns, actionLabel, row }: ListProps<T>) {
  const { t } = useTranslation();
  const head = [t('optout.channel'), t('optout.contact'), ...columns];
  return (
    <section className="panel">
      <ServerAlert error={error} />
      <QueryState query={paged.list}>
        {(data) =>
          data.entries.length === 0 ? (
            <p className="muted">{t(`${section}.empty`)}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      {head.map((label) => (
                        <th key={label} scope="col">
                          {label}
                        </th>
                      ))}
                      {actionLabel && (
                        <th scope="col">
                          <span className="visually-hidden">{actionLabel}</span>
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>{data.entries.map(row)}</tbody>
                </table>
              </div>
              <Pager label={t(`${section}.pager`)} page={paged.page} pageSize={DEFAULT_PAGE_SIZE} total={data.total} onPage={paged.setPage} />
            </>
          )
        }
      </QueryState>
    </section>
  );
}

/** A row's first cells: the channel and the contact as people write it. */
export function ContactCells({ entry }: { entry: { channel: Channel; contactDisplay: string } }) {
  const { t } = useTranslation();
  return (
    <>
      <td>{t(`integrations.channels.${entry.channel}`)}</td>
      <td className="nowrap">{entry.contactDisplay}</td>
    </>
  );
}

/** When something was done, and by whom (a user's name, or "o assinante"). */
export function Stamp({ at, by }: { at: Date | string; by: string | null }) {
  const { i18n } = useTranslation();
  return (
    <>
      {formatDateTime(at, i18n.language)} <span className="muted small">{by}</span>
    </>
  );
}
