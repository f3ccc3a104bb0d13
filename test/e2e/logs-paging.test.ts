/**
 * Configurações › Logs, paging a filter: the first page counts, the next one sends that total (`knownTotal`) and
 * is not counted again, and Filtrar from a page further on fetches and counts page 1 anew — a line logged meanwhile
 * shows in the total. A filter past 10,000 lines reads "de mais de 10.000" until Contar todos counts them all.
 * Needs `npm run build` first.
 */
import { sql } from 'drizzle-orm';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp, signInAsAdmin, skipBrowserTests } from './browser.js';

describe.skipIf(skipBrowserTests)('Logs paging', () => {
  let app: App;
  beforeAll(async () => {
    app = await openApp();
    await signInAsAdmin(app);
  });
  afterAll(() => app?.close());

  const log = (lines: number, channel = 'sms', contact = '+5548999110001') =>
    app.server.database.db.execute(sql`insert into delivery_logs (channel, client_id, contact, success, message, attempt)
      select ${channel}, (select min(id) from clients), ${contact}, true, '{"code":"sent","params":{}}'::jsonb, 1
        from generate_series(1, ${lines})`);

  it('counts a filter once for its pages, and again on Filtrar', async () => {
    const { page } = app;
    await log(120);
    const asked: [string | null, string | null][] = [];
    const onRequest = (request: Request) => {
      const url = new URL(request.url());
      if (url.pathname !== '/api/logs' || url.searchParams.get('channel') !== 'sms') return;
      asked.push([url.searchParams.get('page'), url.searchParams.get('knownTotal')]);
    };
    page.on('request', onRequest);
    await page.getByRole('link', { name: 'Logs', exact: true }).click();
    await page.getByRole('link', { name: 'Logs SMS' }).click();
    const pager = page.getByRole('navigation', { name: 'Paginação dos logs' });
    await pager.getByText('1–50 de 120').waitFor();
    await pager.getByRole('button', { name: 'Próxima' }).click();
    await pager.getByText('51–100 de 120').waitFor();

    await log(5); // logged while the operator reads page 2: Filtrar shows it
    await page.getByRole('button', { name: 'Filtrar', exact: true }).click();
    await pager.getByText('1–50 de 125').waitFor();
    page.off('request', onRequest);
    expect(asked).toEqual([
      ['1', null],
      ['2', '120'],
      ['1', null],
    ]);
  });

  it('past 10,000 lines says "mais de 10.000"; Contar todos counts them all, once for the next pages', async () => {
    const { page } = app;
    await log(10_005, 'email', 'ana@example.com');
    const asked: [string | null, string | null, string | null][] = [];
    const onRequest = (request: Request) => {
      const url = new URL(request.url());
      if (url.pathname !== '/api/logs' || url.searchParams.get('channel') !== 'email') return;
      asked.push([url.searchParams.get('page'), url.searchParams.get('knownTotal'), url.searchParams.get('countAll')]);
    };
    page.on('request', onRequest);
    await page.getByRole('link', { name: 'Logs E-mail' }).click();
    const pager = page.getByRole('navigation', { name: 'Paginação dos logs' });
    await pager.getByText('1–50 de mais de 10.000').waitFor();
    await pager.getByText('Página 1', { exact: true }).waitFor();
    expect(await pager.getByRole('button', { name: 'Última' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'Contar todos' }).click();
    await pager.getByText('1–50 de 10.005').waitFor();
    await pager.getByText('Página 1 de 201').waitFor();
    await pager.getByRole('button', { name: 'Próxima' }).click();
    await pager.getByText('51–100 de 10.005').waitFor();
    page.off('request', onRequest);
    expect(asked).toEqual([
      ['1', null, null],
      ['1', null, 'true'],
      ['2', '10005', 'true'],
    ]);
  });
});
