/** Forms of the Usuários page: create a user, edit one, reset a password. */
import { CheckedForm } from './CheckedForm.js';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, keys, type Role, roles, type User, type UserPatch } from '../endpoints.js';
import { PASSWORD_MIN_LENGTH } from '../errors.js';
import { ErrorAlert } from './Alert.js';
import { Field, textOf } from './Field.js';

interface FormProps {
  /** Called with a confirmation message after the server accepted the change. */
  onDone: (message: string) => void;
  onCancel: () => void;
}

/** Saves through `save`, refreshes the user list, then reports `message(user)`. */
function useUserSave<T>(save: (input: T) => Promise<User>, message: (user: User) => string, onDone: FormProps['onDone']) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: save,
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: keys.users });
      onDone(message(user));
    },
  });
}

function FormPanel(props: {
  id: string;
  title: string;
  error: unknown;
  pending: boolean;
  submitLabel: string;
  onSubmit: (form: FormData) => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    props.onSubmit(new FormData(event.currentTarget));
  };
  return (
    <section className="panel form-panel" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <CheckedForm onSubmit={submit}>
        <ErrorAlert error={props.error} />
        <div className="form-grid">{props.children}</div>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={props.pending}>
            {props.pending ? t('common.saving') : props.submitLabel}
          </button>
          <button type="button" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </CheckedForm>
    </section>
  );
}

function RoleSelect({ id, value, disabled }: { id: string; value?: Role; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <select id={id} name="role" defaultValue={value ?? 'operator'} disabled={disabled}>
      {roles.map((role) => (
        <option key={role} value={role}>
          {t(`roles.${role}`)}
        </option>
      ))}
    </select>
  );
}

function PasswordInput({ id, label }: { id: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Field id={id} label={label} hint={t('users.passwordHint', { min: PASSWORD_MIN_LENGTH })}>
      <input
        id={id}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        aria-describedby={`${id}-hint`}
      />
    </Field>
  );
}

export function CreateUserForm({ onDone, onCancel }: FormProps) {
  const { t } = useTranslation();
  const save = useUserSave(endpoints.createUser, (u) => t('users.created', { username: u.username }), onDone);
  return (
    <FormPanel
      id="user-create"
      title={t('users.createTitle')}
      error={save.error}
      pending={save.isPending}
      submitLabel={t('users.create')}
      onCancel={onCancel}
      onSubmit={(form) =>
        save.mutate({
          username: textOf(form, 'username'),
          name: textOf(form, 'name'),
          email: textOf(form, 'email') || undefined,
          role: textOf(form, 'role') as Role,
          password: String(form.get('password') ?? ''),
        })
      }
    >
      <Field id="new-username" label={t('users.username')}>
        <input id="new-username" name="username" required autoComplete="off" maxLength={64} />
      </Field>
      <Field id="new-name" label={t('users.name')}>
        <input id="new-name" name="name" required maxLength={200} />
      </Field>
      <Field id="new-email" label={t('users.email')}>
        <input id="new-email" name="email" type="email" maxLength={200} />
      </Field>
      <Field id="new-role" label={t('users.role')}>
        <RoleSelect id="new-role" />
      </Field>
      <PasswordInput id="new-password" label={t('users.password')} />
    </FormPanel>
  );
}

export function EditUserForm({ user, isSelf, onDone, onCancel }: FormProps & { user: User; isSelf: boolean }) {
  const { t } = useTranslation();
  const save = useUserSave(
    (patch: UserPatch) => endpoints.updateUser(user.id, patch),
    (u) => t('users.saved', { username: u.username }),
    onDone,
  );
  const submit = (form: FormData) => {
    const patch: UserPatch = { name: textOf(form, 'name'), email: textOf(form, 'email') || null };
    // Own role and status are fixed (the server refuses self-demotion); the fields are shown disabled.
    if (!isSelf) {
      patch.role = textOf(form, 'role') as Role;
      patch.active = form.get('active') === 'on';
    }
    save.mutate(patch);
  };
  return (
    <FormPanel
      id="user-edit"
      title={t('users.editTitle', { username: user.username })}
      error={save.error}
      pending={save.isPending}
      submitLabel={t('common.save')}
      onCancel={onCancel}
      onSubmit={submit}
    >
      <Field id="edit-name" label={t('users.name')}>
        <input id="edit-name" name="name" required maxLength={200} defaultValue={user.name} />
      </Field>
      <Field id="edit-email" label={t('users.email')}>
        <input id="edit-email" name="email" type="email" maxLength={200} defaultValue={user.email ?? ''} />
      </Field>
      <Field id="edit-role" label={t('users.role')} hint={isSelf ? t('users.selfHint') : undefined}>
        <RoleSelect id="edit-role" value={user.role} disabled={isSelf} />
      </Field>
      <Field id="edit-active" label={t('users.active')} inline>
        <input id="edit-active" name="active" type="checkbox" defaultChecked={user.active} disabled={isSelf} />
      </Field>
    </FormPanel>
  );
}

export function PasswordForm({ user, onDone, onCancel }: FormProps & { user: User }) {
  const { t } = useTranslation();
  const save = useUserSave(
    (password: string) => endpoints.updateUser(user.id, { password }),
    (u) => t('users.passwordChanged', { username: u.username }),
    onDone,
  );
  return (
    <FormPanel
      id="user-password"
      title={t('users.resetTitle', { username: user.username })}
      error={save.error}
      pending={save.isPending}
      submitLabel={t('users.resetPassword')}
      onCancel={onCancel}
      onSubmit={(form) => save.mutate(String(form.get('password') ?? ''))}
    >
      <PasswordInput id="reset-password" label={t('users.newPassword')} />
      <p className="muted small form-note">{t('users.resetHint')}</p>
    </FormPanel>
  );
}
