/**
 * Moving around the report (issue 16): Status logins keeps each user's last filter when the operator leaves it
 * through the menu and comes back (the URL shows it, so it can be shared), a shared link wins over the remembered
 * view, Limpar forgets it; and the home page's NAS, POP and FTTH box rows open the report on that element's
 * offline logins; a link the server refuses (a NAS name this installation does not have) is explained in Portuguese.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvisaClient } from '../../src/client/client.js';
import { type App, openApp, pageClient, skipBrowserTests, signInAsAdmin } from './browser.js';

const pt = (n: number) => new Intl.NumberFormat('pt-BR').format(n);
const REPORT = '/relatorios/status-logins';

describe.skipIf(skipBrowserTests)('report navigation', () => {
  let app: App;
  let page: Page;
  let avisa: AvisaClient;
  const pager = () => page.getByRole('navigation', { name: 'Paginação', exact: true });
  const menu = (name: string) => page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name, exact: true });
  const filterOfUrl = () => {
    const f = new URL(page.url()).searchParams.get('f');
    return f ? (JSON.parse(f) as Record<string, unknown>) : null;
  };

  beforeAll(async () => {
    app = await openApp();
    page = app.page;
    await signInAsAdmin(app);
    avisa = pageClient(page);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens the last filter again after the menu took the operator elsewhere; a shared link wins; Limpar forgets', async () => {
    await menu('Status logins').click();
    await page.getByRole('checkbox', { name: 'Offline', exact: true }).check();
    await page.getByRole('button', { name: 'Filtrar', exact: true }).click();
    await page.waitForURL(/[?&]f=/);
    const offline = await avisa.report.query({ body: { filter: { online: ['offline'] } } });
    await pager().getByText(` de ${pt(offline.total)}`).waitFor();

    await menu('Fila de envio').click();
    await page.waitForURL(/\/crm\/fila/);
    await menu('Status logins').click();
    await page.waitForURL(/[?&]f=/);
    expect(filterOfUrl()).toEqual({ online: ['offline'] });
    await pager().getByText(` de ${pt(offline.total)}`).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Offline', exact: true }).isChecked()).toBe(true);

    // A link someone shared (online logins) opens as shared, and is what the menu brings back next time.
    const online = await avisa.report.query({ body: { filter: { online: ['online'] } } });
    await page.goto(`${REPORT}?f=${encodeURIComponent(JSON.stringify({ online: ['online'] }))}`);
    await pager().getByText(` de ${pt(online.total)}`).waitFor();
    await menu('Início').click();
    await page.waitForURL(`${app.server.url}/`);
    await menu('Status logins').click();
    await page.waitForURL(/[?&]f=/);
    expect(filterOfUrl()).toEqual({ online: ['online'] });

    await page.getByRole('button', { name: 'Limpar', exact: true }).click();
    await menu('Início').click();
    await menu('Status logins').click();
    await page.waitForURL(new RegExp(`${REPORT}$`));
    await page.waitForTimeout(300); // nothing restores it
    expect(filterOfUrl()).toBeNull();
  });

  it('opens the report on the offline logins of a NAS, a POP or an FTTH box from the home page', async () => {
    const overview = await avisa.system.overview({});
    const cases = [
      { section: 'Concentradores (NAS) com mais logins offline', row: overview.topOfflineNas[0], key: 'nasIds' },
      { section: 'POPs com mais logins offline', row: overview.topOfflinePops[0], key: 'popIds' },
      { section: 'Caixas FTTH com mais logins offline', row: overview.topOfflineBoxes[0], key: 'ftthBoxIds' },
    ];
    for (const { section, row, key } of cases) {
      expect(row, section).toBeDefined();
      await page.goto('/');
      await page.getByRole('region', { name: section }).getByRole('link', { name: row!.name, exact: true }).click();
      await page.waitForURL(/[?&]f=/);
      expect(filterOfUrl(), section).toEqual({ [key]: [row!.id], online: ['offline'] });
      await pager().getByText(` de ${pt(row!.offline)}`).waitFor();
    }
  });

  it('a link naming a NAS this installation does not have says so in Portuguese, the server\'s words only as detail', async () => {
    await page.goto(`${REPORT}?f=${encodeURIComponent(JSON.stringify({ nas: ['BRAS-DE-OUTRO-PROVEDOR'], online: ['offline'] }))}`);
    const alert = page.getByRole('alert').filter({ hasText: 'BRAS-DE-OUTRO-PROVEDOR' });
    await alert.waitFor();
    expect(await alert.locator('span').first().textContent()).toBe(
      'Nenhum registro de “Concentrador/NAS” tem o nome “BRAS-DE-OUTRO-PROVEDOR”: corrija o filtro ou limpe-o.',
    );
    expect(await alert.getByText('no NAS named').isVisible()).toBe(false); // inside the closed Detalhe técnico
    await alert.getByText('Detalhe técnico', { exact: true }).click();
    expect(await alert.getByText('no NAS named', { exact: false }).isVisible()).toBe(true);
  });

  it('a link with a value the server refuses: the alert names the field by its label, no English on screen', async () => {
    await page.goto(`${REPORT}?f=${encodeURIComponent(JSON.stringify({ offlineForAtLeast: { value: 5_000_000, unit: 'minutes' } }))}`);
    await page.getByText('O servidor recusou o filtro no campo “Offline há pelo menos”: corrija esse campo ou limpe o filtro.').waitFor();
    await page.getByText('Valor grande demais (máximo de 1.000.000).').waitFor(); // under the field
    expect(await page.getByText('Too big', { exact: false }).isVisible()).toBe(false);
  });
});
