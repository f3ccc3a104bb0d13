/**
 * The screens an operator meets first, at a common NOC resolution (1366 × 768): the report grid fits without
 * scrolling sideways in its default columns, the column chooser adds columns (the grid then scrolls with login
 * and client kept in view, full names on hover), and Buscar canais lists the Opa! channels as a tidy table (radios
 * in one column, names on one line, "WhatsApp" spelled as the brand). Saves report-1366.png and
 * canais-opa-1366.png (into docs/screenshots with AVISA_UPDATE_SCREENSHOTS=1) for the operator guide.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvisaClient } from '../../src/client/client.js';
import { type OpaSimulator, startOpaSimulator } from '../../src/providers/opa/simulator.js';
import { type App, openApp, pageClient, screenshotDir, skipBrowserTests, signInAsAdmin } from './browser.js';

describe.skipIf(skipBrowserTests)('layout at 1366 × 768', () => {
  let app: App;
  let page: Page;
  let opa: OpaSimulator;
  let avisa: AvisaClient;
  const shot = async (name: string) => {
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: `${screenshotDir}/${name}` });
  };

  beforeAll(async () => {
    [app, opa] = await Promise.all([openApp(), startOpaSimulator()]);
    page = app.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    await signInAsAdmin(app);
    avisa = pageClient(page);
  });
  afterAll(async () => {
    await app?.close();
    await opa?.close();
  });

  it('fits the report grid in 1366 px by default; extra columns scroll with login and client in view', async () => {
    await page.goto(`/relatorios/status-logins?f=${encodeURIComponent(JSON.stringify({ online: ['offline'] }))}`);
    const grid = page.locator('.grid-wrap');
    await grid.locator('tbody tr').first().waitFor();
    const widths = () => grid.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    const [scroll, client] = await widths();
    expect(scroll).toBeLessThanOrEqual(client!);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    // a long client name is cut on screen and whole on hover
    const name = grid.locator('tbody tr td.cell-client > span').first();
    expect((await name.getAttribute('title'))?.length).toBeGreaterThan(0);
    await shot('report-1366.png');

    await page.locator('.column-chooser > summary').click();
    for (const column of ['Contrato', 'Motivo desconexão', 'Cidade', 'Bairro', 'Celular']) {
      await page.getByRole('checkbox', { name: column, exact: true }).check();
    }
    expect(await page.getByRole('checkbox', { name: 'Login', exact: true }).isDisabled()).toBe(true);
    await page.locator('.column-chooser > summary').click();
    const [wide, visible] = await widths();
    expect(wide).toBeGreaterThan(visible!);
    const clientCell = grid.locator('tbody tr').first().locator('td').nth(1);
    const before = await clientCell.boundingBox();
    await grid.evaluate((el) => {
      el.scrollLeft = 300;
    });
    const after = await clientCell.boundingBox();
    expect(after?.x).toBe(before?.x); // sticky
    expect(await grid.locator('thead th').allInnerTexts()).toContain('Celular');

    // the choice stays for this user after a reload
    await page.reload();
    await grid.locator('tbody tr').first().waitFor();
    expect(await grid.locator('thead th').allInnerTexts()).toContain('Celular');
    await page.locator('.column-chooser > summary').click();
    await page.getByRole('button', { name: 'Voltar às colunas padrão' }).click();
    expect(await grid.locator('thead th').allInnerTexts()).not.toContain('Celular');
  });

  it('lists the Opa! channels in Buscar canais with the radios aligned and the names on one line', async () => {
    const { integration } = await avisa.integrations.create({
      body: { kind: 'opa', description: 'Opa Suporte', config: { url: opa.url, timeoutSeconds: 5 }, secret: opa.token },
    });
    expect(integration.id).toBeGreaterThan(0);
    await page.goto('/crm/mensagens');
    await page.getByRole('button', { name: 'Nova mensagem' }).click();
    await page.getByRole('button', { name: 'Buscar canais' }).click();
    const radios = page.getByRole('radio');
    await radios.first().waitFor();
    const boxes = await radios.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().left));
    expect(new Set(boxes.map(Math.round)).size, JSON.stringify(boxes)).toBe(1);
    const rows = page.locator('.pick-table tbody tr');
    const heights = await rows.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().height)));
    expect(Math.max(...heights) - Math.min(...heights), JSON.stringify(heights)).toBeLessThanOrEqual(2); // no name wraps onto a second line
    const kinds = await page.locator('.pick-table tbody tr td:nth-child(3)').allInnerTexts();
    expect(kinds.every((k) => k === 'WhatsApp')).toBe(true);
    await shot('canais-opa-1366.png');
  });
});
