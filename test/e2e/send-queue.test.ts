/**
 * Relatório › CRM → Fila de envio end to end, against the in-process Opa! Suite simulator: filter the report by
 * one NAS + Offline, pick the WhatsApp message in the CRM tab, fill its free field, Enviar Omnichannel → the
 * confirmation shows exactly what POST /api/sends/plan says for the same filter (and the channel's daily limit) →
 * a double click on Confirmar → one batch, "… adicionadas à fila" → the batch in the Fila with every row pending →
 * Cancelar. Needs `npm run build` first. Saves the screenshots (into docs/screenshots with AVISA_UPDATE_SCREENSHOTS=1) crm-enviar.png and fila.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpaSimulator, startOpaSimulator } from '../../src/providers/opa/simulator.js';
import type { AvisaClient } from '../../src/client/client.js';
import { type App, opaAvisoMessage, openApp, pageClient, screenshot, signIn, skipBrowserTests, filterNasOffline, signInAsAdmin, topOfflineNas } from './browser.js';

const FREE_VALUE = 'hoje às 18h';

const pt = (n: number) => new Intl.NumberFormat('pt-BR').format(n);
const plural = new Intl.PluralRules('pt-BR');
const say = (n: number, one: string, other: string) => `${pt(n)} ${plural.select(n) === 'one' ? one : other}`;

describe.skipIf(skipBrowserTests)('send from the report to the queue', () => {
  let app: App;
  let page: Page;
  let opa: OpaSimulator;
  let nas: { id: number; name: string };
  let messageId: number;
  const filter = () => ({ online: ['offline' as const], nasIds: [nas.id] });

  let avisa: AvisaClient;

  beforeAll(async () => {
    [app, opa] = await Promise.all([openApp(), startOpaSimulator()]);
    page = app.page;
    await signInAsAdmin(app);
    avisa = pageClient(page);
    ({ messageId } = await opaAvisoMessage(avisa, opa));

    // The NAS with the most offline logins that has some reachable by WhatsApp.
    nas = await topOfflineNas(avisa);
  });

  afterAll(async () => {
    await app?.close();
    await opa?.close();
  });

  it('filters, confirms the plan the API gives, and queues one batch even on a double click', async () => {
    const plan = await avisa.send.plan({ body: { messageId, filter: filter(), free: { previsao_retorno: FREE_VALUE }, priority: 0 } });
    expect(plan.enqueue).toBeGreaterThan(0);

    await page.getByRole('link', { name: 'Status logins' }).click();
    await filterNasOffline(page, nas.name);
    await page.getByRole('navigation', { name: 'Paginação', exact: true }).getByText(` de ${pt(plan.matched)}`).waitFor();

    await page.getByRole('tab', { name: 'CRM' }).click();
    const crm = page.getByRole('tabpanel', { name: 'CRM' });
    await crm.getByText(new RegExp(`seleciona ${pt(plan.matched)} logins?`)).waitFor();
    const send = crm.getByRole('button', { name: 'Enviar Omnichannel' });
    expect(await send.isDisabled()).toBe(true); // no message chosen yet
    expect(await crm.getByRole('button', { name: 'Enviar E-mail' }).isDisabled()).toBe(true);
    await crm.getByLabel('Mensagem via Opa Suite').selectOption({ label: 'Aviso de instabilidade' });
    expect(await send.isDisabled()).toBe(false);

    // The required free field is checked before asking the server anything.
    const free = crm.getByLabel('Previsão de retorno *');
    await send.click();
    await crm.getByText('Preencha este campo.').waitFor();
    expect(await free.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await free.fill(FREE_VALUE);
    expect(await crm.getByLabel('Prioridade').inputValue()).toBe('routine');

    await send.click();
    const dialog = page.getByRole('dialog', { name: 'Confirmar envio — Omnichannel (WhatsApp)' });
    // One count per line, each as the API plans it, then the skip reasons.
    const counts = dialog.getByTestId('send-counts');
    await counts.waitFor();
    const line = (name: string) => counts.locator(`tr[data-line="${name}"] td`).innerText();
    expect([await line('matched'), await line('recipients'), await line('enqueue')]).toEqual([
      pt(plan.matched),
      pt(plan.recipients),
      pt(plan.enqueue),
    ]);
    for (const [reason, count] of Object.entries(plan.skipCounts)) {
      expect(await counts.locator(`tr[data-reason="${reason}"] td`).innerText(), reason).toBe(pt(count));
    }
    expect(await counts.locator('tr[data-reason]').count()).toBe(Object.values(plan.skipCounts).filter((n) => n > 0).length);
    // What will be sent: three real recipients with the free value in place, and the length against WhatsApp's limit.
    const samples = dialog.getByTestId('send-sample');
    expect(await samples.count()).toBe(Math.min(3, plan.matched));
    for (const text of await samples.allInnerTexts()) expect(text).toContain(FREE_VALUE);
    expect(await dialog.getByTestId('send-length').innerText()).toMatch(/de 1\.024 caracteres \(limite do WhatsApp\)/);
    await dialog.getByText(`Limite diário do canal WhatsApp Suporte: ${pt(1000)} de ${pt(1000)} envios disponíveis hoje.`).waitFor();
    expect(await dialog.getByText(/do que o canal ainda pode enviar hoje/).count()).toBe(0); // under the limit: no warning
    // No drain runs on this installation yet: the dialog says the rows would wait, and where to fix it.
    const readiness = dialog.getByTestId('readiness-warning');
    expect(await readiness.innerText()).toContain('Atenção: o que entrar na fila não vai sair');
    expect(await readiness.getByRole('link', { name: 'Abrir a Agenda de tarefas' }).getAttribute('href')).toBe('/ferramentas/agenda-tarefas');
    await screenshot(page, 'crm-enviar.png');

    await dialog.getByRole('button', { name: 'Confirmar', exact: true }).dblclick();
    const result = crm.getByTestId('send-result');
    await result.getByText(say(plan.enqueue, 'mensagem adicionada à fila', 'mensagens adicionadas à fila')).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await result.getByTestId('send-counts').locator('tr[data-line="enqueue"] td').innerText()).toBe(pt(plan.enqueue));

    const batches = await avisa.queue.batches({});
    expect(batches.total).toBe(1);
    const [batch] = batches.batches;
    expect(batch).toMatchObject({ matched: plan.matched, enqueued: plan.enqueue, skipped: plan.skipped });
    expect(batch?.states.pending).toBe(plan.enqueue);
    if (plan.skipped > 0) {
      const csv = result.getByRole('link', { name: 'Baixar ignorados (CSV)' });
      expect(await csv.getAttribute('href')).toBe(`/api/batches/${batch?.id}/skipped.csv`);
    }

    // The batch in the Fila: every queued row pending, nothing else yet.
    await result.getByRole('link', { name: `Ver lote #${batch?.id} na Fila` }).click();
    await page.waitForURL(new RegExp(`/crm/fila\\?lote=${batch?.id}$`));
    const detail = page.getByRole('region', { name: new RegExp(`^Lote #${batch?.id}`) });
    await detail.getByTestId('batch-state-pending').getByText(pt(plan.enqueue), { exact: true }).waitFor();
    for (const state of ['claimed', 'sending', 'sent', 'failed', 'cancelled', 'uncertain']) {
      expect(await detail.getByTestId(`batch-state-${state}`).locator('dd').innerText(), state).toBe('0');
    }
    expect(await detail.getByTestId('batch-audience').innerText()).toContain(
      `${pt(plan.matched)} logins encontrados, ${pt(plan.enqueue)} adicionados à fila, ${pt(plan.skipped)} ignorados`,
    );
    expect(await detail.innerText()).toContain(`previsao_retorno: ${FREE_VALUE}`);
    expect(await detail.innerText()).toContain(`Concentrador/NAS: ${nas.name}`);
    const items = page.getByRole('table', { name: 'Itens do lote' });
    await items.locator('tbody tr').first().waitFor();
    expect(await items.locator('tbody tr').count()).toBe(Math.min(plan.enqueue, 50));
    expect(await items.locator('tbody').innerText()).toContain('Pendente');
    expect(await detail.getByRole('button', { name: 'Reenviar falhas' }).isDisabled()).toBe(true);
    expect(await detail.getByRole('button', { name: 'Reenviar incertos' }).isDisabled()).toBe(true);
    await screenshot(page, 'fila.png');

    // The list: the batch with its counts and progress.
    await detail.getByRole('link', { name: 'Voltar à lista' }).click();
    const row = page.getByRole('table', { name: 'Lotes' }).locator(`tr[data-batch="${batch?.id}"]`);
    expect(await row.locator('td[data-state="pending"]').innerText()).toBe(pt(plan.enqueue));
    expect(await row.innerText()).toContain('Aviso de instabilidade');
    expect(await row.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');
  });

  it('cancels the pending rows of the batch after a confirmation', async () => {
    const [batch] = (await avisa.queue.batches({})).batches;
    await page.getByRole('link', { name: 'Fila de envio' }).click();
    await page.getByRole('link', { name: `Abrir lote #${batch?.id}` }).click();
    const detail = page.getByRole('region', { name: new RegExp(`^Lote #${batch?.id}`) });
    await detail.getByRole('button', { name: 'Cancelar', exact: true }).click();
    await detail
      .getByText(new RegExp(`Cancelar (os )?${pt(batch?.enqueued ?? 0)} ite(m|ns) ainda não enviados? \\(pendentes? ou reservados?\\)\\?`))
      .waitFor();
    await detail.getByRole('button', { name: 'Confirmar cancelamento' }).click();
    await detail.getByText(say(batch?.enqueued ?? 0, 'item pendente cancelado.', 'itens pendentes cancelados.')).waitFor();
    expect(await detail.getByTestId('batch-state-cancelled').locator('dd').innerText()).toBe(pt(batch?.enqueued ?? 0));
    expect(await detail.getByTestId('batch-state-pending').locator('dd').innerText()).toBe('0');
    expect(await detail.getByRole('button', { name: 'Cancelar', exact: true }).isDisabled()).toBe(true);
    const after = (await avisa.queue.batches({})).batches[0];
    expect(after?.states).toMatchObject({ pending: 0, cancelled: batch?.enqueued });
  });

  it('shows a viewer the CRM tab read-only and the Fila without its actions', async () => {
    const user = { username: 'leitor', name: 'Lia Leitora', role: 'viewer' as const, password: 'senha-da-leitora' };
    await avisa.users.create({ body: user });
    const context = await page.context().browser()!.newContext({
      baseURL: app.server.url,
      viewport: { width: 1280, height: 800 },
      locale: 'pt-BR',
    });
    const viewer = await context.newPage();
    viewer.setDefaultTimeout(5_000);
    try {
      await viewer.goto('/login');
      await signIn(viewer, user.username, user.password);
      await viewer.waitForURL(`${app.server.url}/`);
      await viewer.goto(`/relatorios/status-logins?f=${encodeURIComponent(JSON.stringify(filter()))}`);
      await viewer.getByRole('tab', { name: 'CRM' }).click();
      const crm = viewer.getByRole('tabpanel', { name: 'CRM' });
      await crm.getByText('Somente operadores e administradores enviam mensagens.', { exact: false }).waitFor();
      for (const name of ['Enviar Omnichannel', 'Enviar E-mail', 'Enviar SMS']) {
        expect(await crm.getByRole('button', { name }).isDisabled(), name).toBe(true);
      }
      expect(await crm.getByLabel('Mensagem via Opa Suite').isDisabled()).toBe(true);

      await viewer.getByRole('link', { name: 'Fila de envio' }).click();
      const [batch] = (await avisa.queue.batches({})).batches;
      await viewer.getByRole('link', { name: `Abrir lote #${batch?.id}` }).click();
      const detail = viewer.getByRole('region', { name: new RegExp(`^Lote #${batch?.id}`) });
      await detail.getByRole('link', { name: 'Ver logs deste lote' }).waitFor();
      expect(await detail.getByRole('button', { name: 'Cancelar', exact: true }).count()).toBe(0);
      expect(await detail.getByRole('button', { name: 'Reenviar falhas' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
