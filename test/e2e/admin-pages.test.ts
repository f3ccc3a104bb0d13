/**
 * Usuários and Meus tokens de API in the browser, and what happens when the session disappears mid-use.
 * Needs `npm run build:web` first.
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp, signIn, skipBrowserTests } from './browser.js';
import { createClient, fetchTransport } from '../../src/client/client.js';

describe.skipIf(skipBrowserTests)('admin pages', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await openApp();
    page = app.page;
    await page.goto('/login');
    await signIn(page, app.server.admin.username, app.server.admin.password);
    await page.waitForURL(`${app.server.url}/`);
  });

  afterAll(async () => {
    await app?.close();
  });

  const row = (username: string) => page.getByRole('row').filter({ hasText: username });

  it('creates a user, refuses a taken username in pt-BR, and edits role and status', async () => {
    await page.getByRole('link', { name: 'Usuários' }).click();
    const create = async (username: string) => {
      await page.getByRole('button', { name: 'Novo usuário' }).click();
      await page.getByLabel('Usuário', { exact: true }).fill(username);
      await page.getByLabel('Nome', { exact: true }).fill('Maria Operadora');
      await page.getByLabel('E-mail').fill('maria@example.com');
      await page.getByLabel('Perfil').selectOption('operator');
      await page.getByLabel('Senha', { exact: true }).fill('senha-da-maria');
      await page.getByRole('button', { name: 'Criar usuário' }).click();
    };
    await create('maria');
    await page.getByText('Usuário maria criado.').waitFor();
    expect(await row('maria').innerText()).toContain('Operador');

    await create('maria');
    expect(await page.getByRole('alert').innerText()).toBe('Este nome de usuário já está em uso.');
    await page.getByRole('button', { name: 'Cancelar' }).click();

    await page.getByRole('button', { name: 'Editar admin' }).click();
    expect(await page.getByLabel('Perfil').isDisabled()).toBe(true); // no self-demotion
    await page.getByRole('button', { name: 'Editar maria' }).click();
    await page.getByLabel('Perfil').selectOption('viewer');
    await page.getByLabel('Ativo').uncheck();
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByText('Alterações de maria salvas.').waitFor();
    expect(await row('maria').innerText()).toMatch(/Inativo[\s\S]*Visualizador/);
  });

  it('creates an API token, shows its secret once, and revokes it', async () => {
    await page.getByRole('link', { name: 'Meus tokens de API' }).click();
    await page.getByLabel('Nome do token').fill('monitoramento');
    await page.getByRole('button', { name: 'Criar token' }).click();
    const secret = await page.getByLabel('Token secreto').inputValue();
    expect(await row('monitoramento').innerText()).toContain(secret.slice(0, 8));

    // The token works as an integrator uses it: avisa/client over fetch.
    const overview = await createClient(fetchTransport({ baseUrl: app.server.url, token: secret })).system.overview();
    expect(overview.logins.total).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Já copiei' }).click();
    expect(await page.getByLabel('Token secreto').count()).toBe(0);
    await page.getByRole('button', { name: 'Revogar monitoramento' }).click();
    await page.getByRole('button', { name: 'Confirmar revogação' }).click();
    await page.getByText('Você ainda não tem tokens de API.').waitFor();
  });

  it('offers an expiry for a new token, shows when each expires, and marks an expired one', async () => {
    const day = (ms: number) =>
      new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Sao_Paulo', day: '2-digit', month: '2-digit', year: 'numeric' }).format(ms);
    const before = day(Date.now() + 90 * 86_400_000);
    expect(await page.getByLabel('Validade').inputValue()).toBe('90');
    await page.getByLabel('Nome do token').fill('zabbix');
    await page.getByRole('button', { name: 'Criar token' }).click();
    await page.getByRole('button', { name: 'Já copiei' }).click();
    const after = day(Date.now() + 90 * 86_400_000);
    expect(await row('zabbix').innerText()).toMatch(new RegExp(`${before}|${after}`.replaceAll('/', '\\/')));

    await page.getByLabel('Nome do token').fill('painel');
    await page.getByLabel('Validade').selectOption('never');
    await page.getByRole('button', { name: 'Criar token' }).click();
    await page.getByRole('button', { name: 'Já copiei' }).click();
    expect(await row('painel').innerText()).toContain('Não expira');

    await app.server.database.db.execute(sql`update api_tokens set expires_at = now() - interval '1 minute' where name = 'zabbix'`);
    await page.reload();
    await row('zabbix').getByText('Expirado').waitFor();
    expect(await row('painel').innerText()).not.toContain('Expirado');
    for (const name of ['zabbix', 'painel']) {
      await page.getByRole('button', { name: `Revogar ${name}` }).click();
      await page.getByRole('button', { name: 'Confirmar revogação' }).click();
      await row(name).waitFor({ state: 'detached' });
    }
  });

  it('sends the user to /login when the session is gone, and back afterwards', async () => {
    await page.getByRole('link', { name: 'Início' }).click();
    await page.getByRole('region', { name: 'Clientes', exact: true }).waitFor();
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Atualizar' }).click();
    await page.waitForURL(/\/login\?redirect=%2F$/);
    await signIn(page, app.server.admin.username, app.server.admin.password);
    await page.waitForURL(`${app.server.url}/`);
  });
});
