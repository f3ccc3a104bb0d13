/** Sign-in form; afterwards the user goes back to the page that sent them here, or home. */
import { CheckedForm } from '../components/CheckedForm.js';
import { Field } from '../components/Field.js';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/Alert.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { endpoints } from '../endpoints.js';
import { startSession } from '../session.js';

export function LoginPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { redirect } = useSearch({ from: '/login' });

  const login = useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) => endpoints.login(username, password),
    onSuccess: async (session) => {
      startSession(queryClient, session);
      await navigate({ href: redirect ?? '/', replace: true });
    },
  });

  const title = `${t('login.title')} · ${t('app.name')}`;
  useEffect(() => {
    document.title = title;
  }, [title]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    login.mutate({ username: String(form.get('username') ?? '').trim(), password: String(form.get('password') ?? '') });
  };

  return (
    <div className="login-screen">
      <main className="login-card">
        <div className="login-brand">
          <img src="/favicon.svg" alt="" width="36" height="36" />
          <div>
            <p className="login-product">{t('app.name')}</p>
            <p className="muted">{t('app.tagline')}</p>
          </div>
        </div>
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        <CheckedForm onSubmit={submit} className="form-stack">
          <ErrorAlert error={login.error} />
          <Field id="login-username" label={t('login.username')}>
            <input id="login-username" name="username" autoComplete="username" required autoFocus />
          </Field>
          <Field id="login-password" label={t('login.password')}>
            <input id="login-password" name="password" type="password" autoComplete="current-password" required />
          </Field>
          <button type="submit" className="button-primary" disabled={login.isPending}>
            {login.isPending ? t('login.submitting') : t('login.submit')}
          </button>
        </CheckedForm>
        <footer className="login-footer">
          <span className="muted">{t('login.footer')}</span>
          <LanguageSwitch />
        </footer>
      </main>
    </div>
  );
}
