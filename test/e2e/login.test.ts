/**
 * The web shell end to end: real server (in-memory PGlite, demo ISP) serving the built UI, driven by Chromium.
 * Needs `npm run build:web` first. Also saves the screenshots (into docs/screenshots with AVISA_UPDATE_SCREENSHOTS=1) login.png and home.png (1280×800).
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp, pageClient, screenshotDir, signIn, skipBrowserTests } from './browser.js';

const screenshots = screenshotDir;

const ptMenu = {
  groups: ['Relatórios', 'Sistema', 'Ferramentas', 'Configurações'],
  paths: ['Provedor', 'Conexões', 'CRM'],
  items: ['Status logins', 'Mensagens', 'Agenda de tarefas', 'Integrações', 'Logs', 'Usuários', 'Meus tokens de API'],
};

describe.skipIf(skipBrowserTests)('web shell', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await openApp();
    page = app.page;
    mkdirSync(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await app?.close();
  });

  const menu = () => page.getByRole('navigation', { name: /Menu principal|Main menu/ });

  async function logout() {
    await page.getByRole('button', { name: 'Sair' }).click();
    await page.waitForURL(/\/login/);
  }

  it('sends a visitor to /login and rejects a wrong password in pt-BR', async () => {
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await page.getByRole('heading', { name: 'Entrar' }).waitFor();
    await page.screenshot({ path: `${screenshots}/login.png` });

    await signIn(page, app.server.admin.username, 'wrong-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe('Usuário ou senha incorretos.');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('logs the admin in to the pt-BR menu and a dashboard that matches the API', async () => {
    await signIn(page, app.server.admin.username, app.server.admin.password);
    await page.waitForURL(`${app.server.url}/`);
    const nav = menu();
    await nav.waitFor();
    for (const group of ptMenu.groups) await nav.getByRole('heading', { name: group, exact: true }).waitFor();
    const navText = (await nav.textContent()) ?? '';
    for (const label of ptMenu.paths) expect(navText).toContain(label);
    for (const item of ptMenu.items) expect(await nav.getByRole('link', { name: item, exact: true }).count()).toBe(1);
    expect(await page.getByRole('banner').first().innerText()).toMatch(/Admin Teste[\s\S]*Administrador/);

    const overview = await pageClient(page).system.overview();
    const n = (value: number) => new Intl.NumberFormat('pt-BR').format(value);
    const card = (name: string) => page.getByRole('region', { name, exact: true });
    await card('Logins').waitFor();
    expect(await card('Clientes').locator('.big-number').innerText()).toBe(n(overview.clients));
    expect(await card('Contratos').locator('.big-number').innerText()).toBe(n(overview.contracts));
    const stat = (label: string) =>
      card('Logins').locator('.stat').filter({ has: page.getByText(label, { exact: true }) }).locator('dd').innerText();
    expect(await card('Logins').locator('.big-number').innerText()).toBe(n(overview.logins.total));
    expect(await stat('Online')).toBe(n(overview.logins.online));
    expect(await stat('Offline')).toBe(n(overview.logins.offline));
    expect(await stat('Sem status')).toBe(n(overview.logins.neverAuthenticated));
    const share = new Intl.NumberFormat('pt-BR', { style: 'percent', maximumFractionDigits: 1 });
    expect(await stat('% offline')).toBe(share.format(overview.logins.offline / overview.logins.total));

    const rows = page.getByRole('region', { name: /Concentradores/ }).locator('tbody tr');
    expect(await rows.count()).toBe(overview.topOfflineNas.length);
    expect(await rows.first().innerText()).toContain(overview.topOfflineNas[0]?.name);
    await page.screenshot({ path: `${screenshots}/home.png` });
  });

  it('switches the menu to English, remembers it, and back', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await menu().getByRole('heading', { name: 'Reports', exact: true }).waitFor();
    await page.reload();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const nav = menu();
    await nav.getByRole('link', { name: 'Login status', exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: 'Users', exact: true }).count()).toBe(1);
    expect(await nav.textContent()).not.toContain('Relatórios');

    await page.getByRole('button', { name: 'PT', exact: true }).click();
    await nav.getByRole('heading', { name: 'Relatórios', exact: true }).waitFor();
  });

  it('logs out to /login, and hides Usuários from a viewer', async () => {
    const viewer = { username: 'vera.viewer', password: 'viewer-pass-123' };
    const { user } = await pageClient(page).users.create({ body: { ...viewer, name: 'Vera Visualizadora', role: 'viewer' } });
    expect(user).toMatchObject({ username: viewer.username, role: 'viewer' });

    await logout();
    await page.goto('/configuracoes/usuarios');
    await page.waitForURL(/\/login\?redirect=/);
    await signIn(page, viewer.username, viewer.password);
    await page.waitForURL(`${app.server.url}/configuracoes/usuarios`);
    await page.getByRole('heading', { name: 'Acesso negado' }).waitFor();
    const nav = menu();
    expect(await nav.getByRole('link', { name: 'Logs', exact: true }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Usuários', exact: true }).count()).toBe(0);

    await logout();
    expect(await page.getByRole('heading', { name: 'Entrar' }).count()).toBe(1);
  });
});
