/**
 * Configurações › Importar and › Webhooks in the browser: a small CSV uploaded through the screen shows its
 * counters and its row error; a webhook is created (its secret shown once), tested against a local receiver, and
 * its delivery is in the log. Needs `npm run build` first.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../src/webhooks/receiver.test-support.js';
import { verifyWebhook } from '../../src/webhooks/sign.js';
import { type App, openApp, screenshot, signIn, skipBrowserTests } from './browser.js';

describe.skipIf(skipBrowserTests)('integrators’ screens', () => {
  let app: App;
  let page: Page;
  let receiver: Receiver;

  beforeAll(async () => {
    [app, receiver] = await Promise.all([openApp(), startReceiver()]);
    page = app.page;
    await page.goto('/login');
    await signIn(page, app.server.admin.username, app.server.admin.password);
    await page.waitForURL(`${app.server.url}/`);
  });
  afterAll(async () => {
    await receiver?.close();
    await app?.close();
  });

  it('imports a small CSV through the screen and shows its counters and errors', async () => {
    await page.getByRole('link', { name: 'Importar' }).click();
    await page.getByRole('heading', { name: 'Importar dados' }).waitFor();
    await page.getByLabel('Tipo de dado').selectOption('clientes');
    const csv = 'id;razao;telefone_celular;senha\n900001;Padaria Pão Quente;(48) 99911-2233;x\n900002;;4899;y\n900003;Oficina do Zé;48999887766;z\n';
    await page.getByLabel('Arquivo', { exact: true }).setInputFiles({ name: 'clientes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Importar', exact: true }).click();

    const result = page.getByRole('region', { name: /Resultado da importação/ });
    await result.waitFor();
    expect(await result.getByText('Concluída').count()).toBe(1);
    const counters = await result.locator('dl').innerText();
    expect(counters).toMatch(/Lidos\s+3/);
    expect(counters).toMatch(/Inseridos\s+2/);
    expect(counters).toMatch(/Rejeitados\s+1/);
    expect(await result.innerText()).toContain('senha (senha: nunca lida)');
    const errorRow = result.getByRole('row').filter({ hasText: 'razao' });
    expect(await errorRow.innerText()).toMatch(/^3\s+razao\s+obrigatório, mas veio vazio$/);
    const history = page.getByRole('region', { name: 'Importações recentes' });
    expect(await history.getByRole('row').filter({ hasText: 'clientes.csv' }).innerText()).toMatch(/Clientes\s+clientes\.csv\s+Concluída\s+3\s+2\s+0\s+1\s+admin/);
    await screenshot(page, 'importar.png');
  });

  it('shows why a file was refused whole, in Portuguese', async () => {
    await page.getByLabel('Arquivo', { exact: true }).setInputFiles({ name: 'sem-cabecalho.csv', mimeType: 'text/csv', buffer: Buffer.from('1;Ana\n2;Bia\n') });
    await page.getByRole('button', { name: 'Importar', exact: true }).click();
    const result = page.getByRole('region', { name: /Resultado da importação #2/ });
    await result.waitFor();
    expect(await result.getByText('Falhou').count()).toBe(1);
    expect(await result.locator('.alert-error').innerText()).toBe(
      'Motivo: a primeira linha deve ter os nomes de campo do IXC, incluindo "id"; veio "1;Ana"',
    );
    expect(await page.getByRole('alert').count()).toBe(0);
    // The history opens a job's result (counters, reason, row errors), whatever it holds.
    const failedRow = page.getByRole('region', { name: 'Importações recentes' }).getByRole('row').filter({ hasText: 'sem-cabecalho.csv' });
    expect(await failedRow.getByRole('button').innerText()).toBe('Ocultar resultado');
    await screenshot(page, 'importar-recusado.png');
  });

  it('creates a webhook, shows its secret once, tests it and lists the delivery', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'Novo webhook' }).click();
    await page.getByLabel('URL').fill(receiver.url);
    await page.getByLabel('Descrição').fill('NOC');
    await page.getByLabel('Integração parada').uncheck();
    await page.getByRole('button', { name: 'Criar webhook' }).click();
    const secret = await page.getByLabel('Segredo de assinatura', { exact: true }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByText('Atenção: com http://').waitFor(); // the receiver is plain http
    const row = page.getByRole('row').filter({ hasText: 'NOC' });
    expect(await row.innerText()).toContain('Lote de envio concluído');
    expect(await row.innerText()).not.toContain('Integração parada');

    await page.getByRole('button', { name: 'Testar NOC' }).click();
    await page.getByText(/Teste entregue: HTTP 200/).waitFor();
    const [ping] = receiver.received;
    expect(verifyWebhook(secret, { signature: ping!.headers['x-avisa-signature'] as string, timestamp: ping!.headers['x-avisa-timestamp'] as string }, ping!.body)).toBe(true);
    const log = page.getByRole('region', { name: 'Entregas' });
    expect(await log.getByRole('row').filter({ hasText: 'Teste (ping)' }).innerText()).toMatch(/NOC\s+Teste \(ping\)\s+Entregue\s+1\s+200/);

    await page.getByRole('button', { name: 'Já copiei' }).click();
    await page.reload();
    expect(await page.getByLabel('Segredo de assinatura', { exact: true }).count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    await screenshot(page, 'webhooks.png');
  });
});
