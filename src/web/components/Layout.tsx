/**
 * The signed-in frame: top bar (product, user, language, Sair) and the side menu around the current page, with the
 * banner it is given (the open incidents') above it.
 */
import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession, useLogout } from '../session.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { SideMenu } from './SideMenu.js';

/** `banner`: shown above every page (the open incidents' banner, given by the router). */
export function Layout({ banner }: { banner?: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  if (!session) return null; // signed out a moment ago; the router is on its way to /login

  const { user } = session;
  const signOut = async () => {
    await logout();
    await navigate({ to: '/login' });
  };

  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width="22" height="22" />
          {t('app.name')}
        </Link>
        <span className="tagline">{t('app.tagline')}</span>
        <div className="topbar-end">
          <span className="user" title={user.username}>
            <span className="visually-hidden">{t('topbar.signedInAs')} </span>
            <span className="user-name">{user.name}</span>
            <span className={`role-badge role-${user.role}`}>{t(`roles.${user.role}`)}</span>
          </span>
          <LanguageSwitch />
          <button type="button" className="button-quiet" onClick={() => void signOut()}>
            {t('topbar.logout')}
          </button>
        </div>
      </header>
      <aside className="sidebar">
        <SideMenu role={user.role} />
      </aside>
      <main className="content">
        {banner}
        <Outlet />
      </main>
    </div>
  );
}
