/**
 * Send safety in the browser (issue 16): a filter matching nobody cannot be sent; free fields count their
 * characters and refuse what is too long instead of cutting it; the confirmation shows three rendered samples and
 * warns when no drain would send the rows (and so do the result and the Fila); after the drain sent a notice, a
 * second send skips the contacts as recently notified, and a deliberate repeat needs a reason that the audit keeps.
 * Saves fila-sem-envio.png and aviso-recente.png (into docs/screenshots with AVISA_UPDATE_SCREENSHOTS=1).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvisaClient } from '../../src/client/client.js';
import { type OpaSimulator, startOpaSimulator } from '../../src/providers/opa/simulator.js';
import { type App, opaAvisoMessage, openApp, pageClient, runTaskNow, screenshot, skipBrowserTests, filterNasOffline, signInAsAdmin, topOfflineNas } from './browser.js';

const pt = (n: number) => new Intl.NumberFormat('pt-BR').format(n);

describe.skipIf(skipBrowserTests)('send safety', () => {
  let app: App;
  let page: Page;
  let opa: OpaSimulator;
  let avisa: AvisaClient;
  let messageId = 0;
  let nas = { id: 0, name: '' };

  /** The report filtered by the NAS (offline logins), the CRM tab open with the WhatsApp message chosen. */
  const openCrm = async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Status logins' }).click();
    // the report reopens the user's last filter: start from a clean one
    await page.getByRole('button', { name: 'Limpar', exact: true }).click();
    await filterNasOffline(page, nas.name);
    await page.getByRole('tab', { name: 'CRM' }).click();
    const crm = page.getByRole('tabpanel', { name: 'CRM' });
    await crm.getByLabel('Mensagem via Opa Suite').selectOption({ label: 'Aviso de instabilidade' });
    return crm;
  };

  beforeAll(async () => {
    [app, opa] = await Promise.all([openApp(), startOpaSimulator()]);
    page = app.page;
    await signInAsAdmin(app);
    avisa = pageClient(page);
    ({ messageId } = await opaAvisoMessage(avisa, opa));
    nas = await topOfflineNas(avisa);
  });

  afterAll(async () => {
    await app?.close();
    await opa?.close();
  });

  it('disables Enviar when no login matches the filter, and says so', async () => {
    await page.goto('/relatorios/status-logins');
    await page.getByLabel('Login', { exact: true }).fill('ninguem-tem-este-login');
    await page.getByRole('button', { name: 'Filtrar', exact: true }).click();
    await page.getByRole('tab', { name: 'CRM' }).click();
    const crm = page.getByRole('tabpanel', { name: 'CRM' });
    await crm.getByLabel('Mensagem via Opa Suite').selectOption({ label: 'Aviso de instabilidade' });
    await crm.getByText('Nenhum login corresponde ao filtro: nada a enviar.').waitFor();
    expect(await crm.getByRole('button', { name: 'Enviar Omnichannel' }).isDisabled()).toBe(true);
  });

  it('counts a free field against its limit, never cuts it, and shows the message and the missing drain before queueing', async () => {
    const crm = await openCrm();
    const free = crm.getByLabel('Previsão de retorno *');
    const long = 'x'.repeat(5950);
    await free.fill(long);
    expect((await free.inputValue()).length).toBe(5950); // nothing cut on the way in
    await crm.getByText(`Texto longo demais: ${pt(5950)} caracteres, o máximo é 500. Nada é cortado: encurte o texto.`).waitFor();
    await crm.getByRole('button', { name: 'Enviar Omnichannel' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    // the API refuses it too, naming the field
    await expect(avisa.send.plan({ body: { messageId, filter: { nasIds: [nas.id] }, free: { previsao_retorno: long } } })).rejects.toMatchObject({
      status: 400,
      field: 'free.previsao_retorno',
    });

    await free.fill('amanhã às 9h');
    await crm.getByText(`12 de 500 caracteres`).waitFor();
    await crm.getByRole('button', { name: 'Enviar Omnichannel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirmar envio — Omnichannel (WhatsApp)' });
    const samples = dialog.getByTestId('send-sample');
    await samples.first().waitFor();
    expect(await samples.count()).toBe(3);
    for (const text of await samples.allInnerTexts()) expect(text).toMatch(/Para .+ \(\+55 \(\d\d\) 9\d{4}-\d{4}\)[\s\S]*amanhã às 9h/);
    await dialog.getByText(/Texto do template com as variáveis: \d+ de 1\.024 caracteres/).waitFor();
    // No drain task on this installation: the rows would not leave, and the dialog says where to fix it.
    await dialog.getByTestId('readiness-warning').getByText('Não há tarefa de envio deste canal na Agenda de tarefas.').waitFor();

    await dialog.getByRole('button', { name: 'Confirmar', exact: true }).click();
    const result = crm.getByTestId('send-result');
    await result.getByTestId('readiness-warning').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Fila de envio' }).click();
    const warnings = page.getByTestId('delivery-warnings');
    await warnings.getByText(/Omnichannel \(WhatsApp\): mensagens na fila não estão saindo/).waitFor();
    // the count comes with the Fila's next readiness refresh after the send
    await warnings.getByText(/\d+ mensage(m|ns) esperando/).waitFor({ timeout: 15_000 });
    await screenshot(page, 'fila-sem-envio.png');
    await warnings.getByRole('link', { name: 'Abrir a Agenda de tarefas' }).click();
    await page.waitForURL(/\/ferramentas\/agenda-tarefas$/);
  });

  it('after the drain sent it, a second send skips the recently notified; a deliberate repeat needs a reason and is audited', async () => {
    const { task } = await avisa.tasks.create({
      body: { type: 'drain_whatsapp', description: 'Envia Mensagens Omnichannel da Fila', enabled: true, options: { budgetSeconds: 60 } },
    });
    expect((await runTaskNow(avisa, task.id)).status).toBe('succeeded');
    const plan = await avisa.send.plan({ body: { messageId, filter: { nasIds: [nas.id], online: ['offline'] }, free: { previsao_retorno: 'x' } } });
    const recent = plan.skipCounts.recently_notified ?? 0;
    expect(recent).toBeGreaterThan(0);

    await page.goto('/crm/fila');
    expect(await page.getByTestId('delivery-warnings').count()).toBe(0); // a drain now runs: nothing to warn about

    const crm = await openCrm();
    await crm.getByLabel('Previsão de retorno *').fill('amanhã às 10h');
    await crm.getByRole('button', { name: 'Enviar Omnichannel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirmar envio — Omnichannel (WhatsApp)' });
    const guard = dialog.getByTestId('send-recent');
    await guard.getByText(`${pt(recent)} contato${recent === 1 ? ' já recebeu' : 's já receberam'} este aviso nas últimas 6 h`, { exact: false }).waitFor();
    const counts = dialog.getByTestId('send-counts');
    expect(await counts.locator('tr[data-reason="recently_notified"] td').innerText()).toBe(pt(recent));
    await screenshot(page, 'aviso-recente.png');
    expect(await counts.locator('tr[data-line="enqueue"] td').innerText()).toBe(pt(plan.enqueue));
    const confirm = dialog.getByRole('button', { name: 'Confirmar', exact: true });
    expect(await confirm.isDisabled()).toBe(plan.enqueue === 0);

    await guard.getByLabel('Enviar de novo para estes contatos (repetição deliberada)').check();
    await counts.locator('tr[data-line="enqueue"] td').getByText(pt(plan.enqueue + recent), { exact: true }).waitFor();
    expect(await counts.locator('tr[data-reason="recently_notified"]').count()).toBe(0);
    await confirm.click();
    await guard.getByText('Diga por que estes contatos devem receber o aviso de novo.').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(1);
    await guard.getByLabel('Motivo da repetição (fica registrado na auditoria)').fill('previsão mudou para 10h');
    await confirm.click();
    const result = crm.getByTestId('send-result');
    await result.getByTestId('send-counts').waitFor();
    expect(await result.getByTestId('send-counts').locator('tr[data-line="enqueue"] td').innerText()).toBe(pt(plan.enqueue + recent));

    const { entries } = await avisa.audit.list({ query: { pageSize: 20 } });
    expect(entries.find((e) => e.action === 'send.enqueue_repeat')?.details).toMatchObject({ repeatRecent: true, repeatReason: 'previsão mudou para 10h', enqueued: plan.enqueue + recent });
  });
});
