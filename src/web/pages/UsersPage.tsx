/** Configurações › Usuários (admin): who may sign in, with which role; create, edit, reset passwords. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, SuccessAlert } from '../components/Alert.js';
import { Forbidden } from '../components/NotFound.js';
import { PageHeader } from '../components/PageHeader.js';
import { QueryState } from '../components/QueryState.js';
import { CreateUserForm, EditUserForm, PasswordForm } from '../components/UserForms.js';
import { endpoints, keys, type ListedUser as User } from '../endpoints.js';
import { formatDate, formatDateTime } from '../format.js';
import { useSession } from '../session.js';

type Panel = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User };

export function UsersPage() {
  const { t } = useTranslation();
  const session = useSession();
  const isAdmin = session?.user.role === 'admin';
  const users = useQuery({ queryKey: keys.users, queryFn: endpoints.users, enabled: isAdmin });
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [flash, setFlash] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const unlock = useMutation({
    mutationFn: (user: User) => endpoints.unlockUser(user.id),
    onSuccess: async (_, user) => {
      await queryClient.invalidateQueries({ queryKey: keys.users });
      setFlash(t('users.unlocked', { username: user.username }));
    },
  });

  if (!session || !isAdmin) return <Forbidden title={t('users.title')} />;

  const open = (next: Panel) => {
    setFlash(null);
    setPanel(next);
  };
  const done = (message: string) => {
    setPanel({ kind: 'none' });
    setFlash(message);
  };
  const close = () => setPanel({ kind: 'none' });

  return (
    <>
      <PageHeader
        title={t('users.title')}
        intro={t('users.intro')}
        actions={
          <button type="button" className="button-primary" onClick={() => open({ kind: 'create' })}>
            {t('users.new')}
          </button>
        }
      />
      <SuccessAlert message={flash} onClose={() => setFlash(null)} />
      <ErrorAlert error={unlock.error} />
      {panel.kind === 'create' && <CreateUserForm onDone={done} onCancel={close} />}
      {panel.kind === 'edit' && (
        <EditUserForm
          key={panel.user.id}
          user={panel.user}
          isSelf={panel.user.id === session.user.id}
          onDone={done}
          onCancel={close}
        />
      )}
      {panel.kind === 'password' && (
        <PasswordForm key={panel.user.id} user={panel.user} onDone={done} onCancel={close} />
      )}
      <QueryState query={users}>
        {(list) => (
          <UserTable
            users={list}
            selfId={session.user.id}
            onEdit={(user) => open({ kind: 'edit', user })}
            onPassword={(user) => open({ kind: 'password', user })}
            onUnlock={(user) => unlock.mutate(user)}
          />
        )}
      </QueryState>
    </>
  );
}

interface TableProps {
  users: User[];
  selfId: number;
  onEdit: (user: User) => void;
  onPassword: (user: User) => void;
  onUnlock: (user: User) => void;
}

function UserTable({ users, selfId, onEdit, onPassword, onUnlock }: TableProps) {
  const { t, i18n } = useTranslation();
  if (users.length === 0) return <p className="muted">{t('users.empty')}</p>;
  return (
    <div className="panel table-panel">
      <table className="table">
        <caption className="visually-hidden">{t('users.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('users.username')}</th>
            <th scope="col">{t('users.name')}</th>
            <th scope="col">{t('users.email')}</th>
            <th scope="col">{t('users.role')}</th>
            <th scope="col">{t('users.createdAt')}</th>
            <th scope="col">{t('users.lastLogin')}</th>
            <th scope="col" className="actions">
              {t('common.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} className={user.active ? undefined : 'row-inactive'}>
              <td>
                <span className="mono">{user.username}</span>
                {user.id === selfId && <span className="tag">{t('users.you')}</span>}
                {!user.active && <span className="tag tag-inactive">{t('users.statusInactive')}</span>}
                {user.lockedUntil ? (
                  <span className="tag tag-inactive">{t('users.locked', { time: formatDateTime(user.lockedUntil, i18n.language) })}</span>
                ) : (
                  user.failedLogins > 0 && <span className="tag">{t('users.failedLogins', { count: user.failedLogins })}</span>
                )}
              </td>
              <td className="nowrap">{user.name}</td>
              <td className="break">{user.email ?? t('common.none')}</td>
              <td>
                <span className={`role-badge role-${user.role}`}>{t(`roles.${user.role}`)}</span>
              </td>
              <td className="nowrap">{formatDate(user.createdAt, i18n.language)}</td>
              <td className="nowrap">
                {user.lastLoginAt ? formatDateTime(user.lastLoginAt, i18n.language) : t('users.never')}
              </td>
              <td className="actions">
                {(user.lockedUntil || user.failedLogins > 0) && (
                  <button
                    type="button"
                    className="button-small"
                    aria-label={`${t('users.unlock')} ${user.username}`}
                    onClick={() => onUnlock(user)}
                  >
                    {t('users.unlock')}
                  </button>
                )}
                <button
                  type="button"
                  className="button-small"
                  aria-label={`${t('users.edit')} ${user.username}`}
                  onClick={() => onEdit(user)}
                >
                  {t('users.edit')}
                </button>
                <button
                  type="button"
                  className="button-small"
                  aria-label={`${t('users.resetPassword')} ${user.username}`}
                  onClick={() => onPassword(user)}
                >
                  {t('users.resetPassword')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
