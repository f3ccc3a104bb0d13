/**
 * Sistema › CRM › Consentimentos in the browser: an admin pastes contacts one per line — a bad line is named in
 * Portuguese and nothing is stored — records consent for the rest, sees them listed with who and when, revokes one
 * (asked twice) and finds it kept as revoked; Descadastros' form, the same piece, names a bad line too. Needs `npm run build` first. Saves consentimentos.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp, pageClient, screenshot, signInAsAdmin, skipBrowserTests } from './browser.js';

describe.skipIf(skipBrowserTests)('Consentimentos', () => {
  let app: App;
  beforeAll(async () => {
    app = await openApp();
    await signInAsAdmin(app);
  });
  afterAll(() => app?.close());

  const row = (e164: string) => app.page.locator(`tr[data-consent="${e164}"]`);

  it('records consents pasted one per line, names a bad line, revokes with confirmation and keeps the record', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Consentimentos' }).click();
    await page.getByRole('heading', { name: 'Consentimentos', level: 1 }).waitFor();
    await page.getByText('Nenhum consentimento com este filtro.').waitFor();

    const contacts = page.getByRole('textbox', { name: 'Contatos', exact: true });
    await page.getByLabel('Canal', { exact: true }).last().selectOption('sms');
    await contacts.fill('(48) 99911-0001\n\n123');
    await page.getByLabel('Observação').fill('contrato assinado');
    await page.getByRole('button', { name: 'Registrar', exact: true }).click();
    await page.getByText('Linha 2: “123” não é um celular brasileiro (com DDD).').waitFor();
    expect(await contacts.getAttribute('aria-invalid')).toBe('true');
    expect((await pageClient(page).optout.consents({ query: {} })).total).toBe(0);

    await contacts.fill('(48) 99911-0001\n48 99922 0002');
    await page.getByRole('button', { name: 'Registrar', exact: true }).click();
    await page.getByText('2 consentimentos registrados (0 já estavam registrados).').waitFor();
    await row('+5548999110001').waitFor();
    expect(await row('+5548999110001').innerText()).toMatch(/SMS\s+\+55 \(48\) 99911-0001\s+contrato assinado\s+\d\d\/\d\d\/\d{4}.*admin\s+Ativo/s);

    await page.getByRole('button', { name: 'Revogar o consentimento de +55 (48) 99922-0002' }).click();
    await page.getByRole('button', { name: 'Confirmar revogação' }).click();
    await row('+5548999220002').waitFor({ state: 'detached' });

    await page.getByLabel('Situação').selectOption({ label: 'Ativos e revogados' });
    await page.getByRole('button', { name: 'Filtrar', exact: true }).click();
    await row('+5548999220002').waitFor();
    expect(await row('+5548999220002').innerText()).not.toContain('Ativo');
    expect(await row('+5548999220002').getByRole('button').count()).toBe(0);
    expect(await row('+5548999220002').locator('td').nth(4).innerText()).toMatch(/\d\d\/\d\d\/\d{4}.*admin/s);
    await screenshot(page, 'consentimentos.png');
  });

  it('Descadastros shares the form: a bad e-mail line is named the same way, a good one is listed', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Descadastros' }).click();
    await page.getByRole('heading', { name: 'Descadastros', level: 1 }).waitFor();
    const contacts = page.getByRole('textbox', { name: 'Contatos', exact: true });
    await page.getByLabel('Canal', { exact: true }).last().selectOption('email');
    await contacts.fill('ana@example.com\nsem-arroba');
    await page.getByRole('button', { name: 'Incluir', exact: true }).click();
    await page.getByText('Linha 2: “sem-arroba” não é um endereço de e-mail válido.').waitFor();
    await contacts.fill('Ana@Example.com');
    await page.getByRole('button', { name: 'Incluir', exact: true }).click();
    await page.locator('tr[data-suppression="ana@example.com"]').getByText('Administrador').waitFor();
  });
});
