/**
 * Relatórios › Status logins end to end against the demo ISP (1,500 logins): filter by the NAS with most logins
 * offline + Offline, sort, page, compare with the API, export CSV, restore from the URL, saved filters.
 * Needs `npm run build:web` first. Also saves the screenshots (into docs/screenshots with AVISA_UPDATE_SCREENSHOTS=1) status-logins.png (1280×800).
 */
import { mkdirSync } from 'node:fs';
import { buffer } from 'node:stream/consumers';
import { sql } from 'drizzle-orm';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvisaClient } from '../../src/client/client.js';
import { type App, openApp, pageClient, screenshotDir, signIn, skipBrowserTests, filterNasOffline } from './browser.js';

const pt = (n: number) => new Intl.NumberFormat('pt-BR').format(n);

/** "15/01/2025, 07:00" or "15/01/2025 07:00" → sortable "2025-01-15T07:00". */
function sortableDate(text: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}),? (\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`not a pt-BR date: ${text}`);
  return `${m[3]}-${m[2]}-${m[1]}T${m[4]}:${m[5]}`;
}

describe.skipIf(skipBrowserTests)('status logins report', () => {
  let app: App;
  let page: Page;
  let nas: { id: number; name: string };
  let avisa: AvisaClient;
  const filter = () => ({ online: ['offline' as const], nasIds: [nas.id] });
  const pager = () => page.getByRole('navigation', { name: 'Paginação', exact: true });
  const grid = () => page.getByRole('table', { name: 'Logins' });

  beforeAll(async () => {
    app = await openApp();
    page = app.page;
    await page.goto('/login');
    await signIn(page, app.server.admin.username, app.server.admin.password);
    await page.waitForURL(`${app.server.url}/`);
    avisa = pageClient(page);
    // The NAS with the most offline logins, as the API's own summary sees it.
    const all = await avisa.report.summary({ body: { filter: {} } });
    const top = all.byNas.filter((g) => g.id !== null && g.name).sort((a, b) => b.offline - a.offline)[0];
    nas = { id: top?.id ?? 0, name: top?.name ?? '' };
    // 1,500 demo logins leave ~20 offline per NAS, one page. Make it the outage this report exists for: most of
    // that NAS's logins dropped over the last hours, at distinct minutes (so the sort is visible), giving pages.
    await app.server.database.db.execute(sql`
      update logins
         set online = 'N', disconnect_reason = 'NAS-Reboot',
             session_ended_at = date_trunc('minute', now()) - (id % 240) * interval '1 minute'
       where nas_id = ${nas.id} and online = 'S' and id % 4 <> 0`);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('filters by NAS and Offline, sorts, pages, matches the API, exports CSV and restores from the URL', async () => {
    const sort = { column: 'sessionEndedAt', dir: 'desc' } as const;
    const query = { filter: filter(), sort, page: 2, pageSize: 50 };
    const expected = await avisa.report.query({ body: query });
    expect(expected.total).toBeGreaterThan(50); // there is a page 2

    // the page requests: the filter is counted once; another order and the next page reuse that total
    const asked: { page: number; sort?: { column: string }; knownTotal?: number }[] = [];
    const onRequest = (request: Request) => {
      if (request.url().endsWith('/api/report/logins/query')) asked.push(request.postDataJSON());
    };
    page.on('request', onRequest);
    await page.getByRole('link', { name: 'Status logins' }).click();
    await filterNasOffline(page, nas.name);
    await pager().getByText(`1–50 de ${pt(expected.total)}`).waitFor();

    await grid().getByRole('button', { name: 'Fim última conexão' }).click();
    await page.waitForURL(/sort=sessionEndedAt\.desc/);
    await pager().getByRole('button', { name: 'Próxima' }).click();
    await pager().getByText(`51–100 de ${pt(expected.total)}`).waitFor();
    await page.waitForFunction(() => !document.querySelector('table[aria-busy="true"]'));
    page.off('request', onRequest);
    expect(asked.map((b) => [b.page, b.sort?.column, b.knownTotal])).toEqual([
      [1, 'login', undefined],
      [1, 'sessionEndedAt', expected.total],
      [2, 'sessionEndedAt', expected.total],
    ]);

    expect(await page.getByTestId('summary-total').innerText()).toBe(pt(expected.total));
    expect(await page.getByTestId('summary-offline').innerText()).toBe(pt(expected.total));
    const sortedHeader = grid().getByRole('columnheader', { name: 'Fim última conexão' });
    expect(await sortedHeader.getAttribute('aria-sort')).toBe('descending');

    const rows = await grid()
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));
    const headers = await grid().locator('thead th').allInnerTexts();
    const col = (name: string) => headers.findIndex((h) => h.replace(/[▲▼↕]/g, '').trim() === name);
    expect(rows.map((r) => r[col('Login')])).toEqual(expected.rows.map((r) => r.login));
    for (const row of rows) {
      expect(row[col('Status')]).toBe('Offline');
      expect(row[col('NAS')]).toBe(nas.name);
    }
    const ended = rows.map((r) => r[col('Fim última conexão')] ?? '').filter((d) => d !== '—').map(sortableDate);
    expect(ended.length).toBeGreaterThan(0);
    expect(ended).toEqual([...ended].sort().reverse());

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Exportar CSV' }).click(),
    ]);
    // The run's Chromium is reached remotely: no local path. Buffer's decoding keeps the BOM (TextDecoder's drops it).
    const csv = (await buffer(await download.createReadStream())).toString('utf8');
    const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
    expect(lines[0]?.charCodeAt(0)).toBe(0xfeff); // BOM, for Excel
    expect(lines.length - 1).toBe(expected.total);

    const url = page.url();
    await page.reload();
    await pager().getByText(`51–100 de ${pt(expected.total)}`).waitFor();
    expect(page.url()).toBe(url);
    await page.getByText('Informações Login').click();
    expect(await page.getByLabel('Concentrador/NAS').innerText()).toBe(nas.name);
    expect(await page.getByRole('checkbox', { name: 'Offline', exact: true }).isChecked()).toBe(true);
    await page.getByText('Informações Login').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: `${screenshotDir}/status-logins.png` });

    await page.goBack(); // one step back: page 1 of the same view
    await pager().getByText(`1–50 de ${pt(expected.total)}`).waitFor();

    // Filtrar again from page 2 means "again, now": page 1 is fetched and counted anew, the summary too, and page 2
    // (left behind) is not asked for again.
    await pager().getByRole('button', { name: 'Próxima' }).click();
    await pager().getByText(`51–100 de ${pt(expected.total)}`).waitFor();
    await page.waitForFunction(() => !document.querySelector('table[aria-busy="true"]'));
    const again: { page: number; sort?: { column: string }; knownTotal?: number }[] = [];
    let summaries = 0;
    const onAgain = (request: Request) => {
      if (request.url().endsWith('/api/report/logins/query')) again.push(request.postDataJSON());
      if (request.url().endsWith('/api/report/logins/summary')) summaries++;
    };
    page.on('request', onAgain);
    const summarised = page.waitForResponse((response) => response.url().endsWith('/api/report/logins/summary'));
    await page.getByRole('button', { name: 'Filtrar', exact: true }).click();
    await pager().getByText(`1–50 de ${pt(expected.total)}`).waitFor();
    await page.waitForFunction(() => !document.querySelector('table[aria-busy="true"]'));
    await summarised;
    page.off('request', onAgain);
    expect(again.map((b) => [b.page, b.sort?.column, b.knownTotal])).toEqual([[1, 'sessionEndedAt', undefined]]);
    expect(summaries).toBe(1);
  });

  it('saves the filter under a name, and loads it back after clearing the form', async () => {
    const name = `Offline ${nas.name}`;
    await page.getByRole('button', { name: 'Salvar filtro' }).click();
    await page.getByLabel('Nome do filtro').fill(name);
    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await page.getByText(`Filtro “${name}” salvo.`).waitFor();

    await page.getByRole('button', { name: 'Limpar', exact: true }).click();
    await page.getByText('Preencha o filtro e clique em Filtrar').waitFor();
    expect(new URL(page.url()).searchParams.has('f')).toBe(false);

    await page.getByLabel('Filtros salvos').selectOption({ label: name });
    await page.getByRole('button', { name: 'Carregar' }).click();
    const total = (await avisa.report.query({ body: { filter: filter() } })).total;
    await pager().getByText(`1–50 de ${pt(total)}`).waitFor();
    const inUrl = JSON.parse(new URL(page.url()).searchParams.get('f') ?? '{}');
    expect(inUrl).toEqual({ online: ['offline'], nasIds: [nas.id] });

    // The same name again: the server answers 409 and the form offers to replace that filter.
    await page.getByRole('button', { name: 'Salvar filtro' }).click();
    await page.getByLabel('Nome do filtro').fill(name);
    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await page.getByText(`Já existe um filtro salvo chamado “${name}”.`).waitFor();
    await page.getByRole('button', { name: 'Substituir' }).click();
    await page.getByText(`Filtro “${name}” atualizado.`).waitFor();

    await page.getByRole('button', { name: 'Excluir', exact: true }).click();
    await page.getByRole('button', { name: 'Confirmar exclusão' }).click();
    await page.getByText(`Filtro “${name}” excluído.`).waitFor();
    expect(await page.getByLabel('Filtros salvos').isDisabled()).toBe(true); // none left
  });

  it("shows the server's 400 under the field it names, in the form's own words (not the server's English)", async () => {
    const tooBig = { offlineForAtLeast: { value: 2_000_000, unit: 'days' } }; // over the server's ceiling
    await page.goto(`/relatorios/status-logins?f=${encodeURIComponent(JSON.stringify(tooBig))}`);
    const input = page.getByLabel('Offline há pelo menos');
    await page.locator('#rf-offlineForAtLeast-error').waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#rf-offlineForAtLeast-error').innerText()).toBe('Valor grande demais (máximo de 1.000.000).');
  });
});
