/**
 * The whole Fluxo de Trabalho in the browser, against the in-process Opa! Suite simulator: register the WhatsApp
 * message → Relatório de status logins filtered by one NAS + Offline → CRM › Enviar Omnichannel → Agenda de
 * tarefas: "Envia Mensagens Omnichannel da Fila" with Hora/Minuto, Executar agora, the run history → Logs
 * Omnichannel with the deliveries: Sucesso for everyone but the one client already em atendimento in Opa, whose
 * Falha carries Opa's reason. Needs `npm run build` first and the scheduler inside the test server.
 * Saves the screenshots (into docs/screenshots with AVISA_UPDATE_SCREENSHOTS=1) agenda-tarefas.png and logs-omnichannel.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvisaClient, ResponseOf } from '../../src/client/client.js';
import type { reportContract } from '../../src/report/contract.js';
import type { queueContract } from '../../src/queue/contract.js';
import { type OpaSimulator, startOpaSimulator } from '../../src/providers/opa/simulator.js';
import { type App, openApp, pageClient, screenshot, signIn, skipBrowserTests, filterNasOffline, topOfflineNas } from './browser.js';

const FREE_VALUE = 'hoje às 18h';
const IN_SERVICE = 'Este contato já está em atendimento';

type LoginRow = ResponseOf<typeof reportContract.query>['rows'][number];
type Batch = ResponseOf<typeof queueContract.batch>['batch'];

const pt = (n: number) => new Intl.NumberFormat('pt-BR').format(n);
const plural = new Intl.PluralRules('pt-BR');
const say = (n: number, one: string, other: string) => `${pt(n)} ${plural.select(n) === 'one' ? one : other}`;

describe.skipIf(skipBrowserTests)('Fluxo de Trabalho: mensagem → relatório → envio → agenda → logs', () => {
  let app: App;
  let page: Page;
  let opa: OpaSimulator;
  let nas: { id: number; name: string };
  let batch: Batch;
  let busy: LoginRow;
  const filter = () => ({ online: ['offline' as const], nasIds: [nas.id] });

  let avisa: AvisaClient;


  beforeAll(async () => {
    [app, opa] = await Promise.all([openApp(), startOpaSimulator()]);
    page = app.page;
    await page.goto('/login');
    await signIn(page, app.server.admin.username, app.server.admin.password);
    await page.waitForURL(`${app.server.url}/`);
    avisa = pageClient(page);
    // The gateway itself is set up elsewhere (integrations-messages.test.ts); fast pacing keeps the run short.
    await avisa.integrations.create({
      body: {
        kind: 'opa',
        description: 'Opa Suporte',
        config: { url: opa.url, timeoutSeconds: 5 },
        secret: opa.token,
        ratePerSecond: 50,
        maxConcurrency: 4,
      },
    });
    nas = await topOfflineNas(avisa);
  });

  afterAll(async () => {
    await app?.close();
    await opa?.close();
  });

  it('registers the WhatsApp message with a free field', async () => {
    await page.getByRole('link', { name: 'Mensagens' }).click();
    await page.getByRole('button', { name: 'Nova mensagem' }).click();
    const editor = page.getByRole('region', { name: 'Nova mensagem' });
    await editor.getByLabel('Descrição', { exact: true }).fill('Aviso de instabilidade');
    await editor.getByLabel('Integração', { exact: true }).selectOption({ label: 'Opa Suporte' });
    await page.getByRole('button', { name: 'Buscar canais' }).click();
    await page.getByRole('radio', { name: 'WhatsApp Suporte', exact: true }).click();
    await page.getByRole('button', { name: 'Buscar template' }).click();
    await page.getByRole('radio', { name: 'aviso_instabilidade', exact: true }).click();
    await page.getByRole('button', { name: 'Adicionar campo livre' }).click();
    await page.getByLabel('Chave do campo livre 1').fill('previsao_retorno');
    await page.getByLabel('Rótulo do campo livre 1').fill('Previsão de retorno');
    await page.getByLabel('Campo livre 1 obrigatório').check();
    await page.getByLabel('Origem da variável 3 (previsao)').selectOption('free');
    await page.getByLabel('Valor da variável 3 (previsao)').selectOption('previsao_retorno');
    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await page.getByText('Mensagem “Aviso de instabilidade” cadastrada.').waitFor();
  });

  it('filters the report and sends the message to the queue', async () => {
    await page.getByRole('link', { name: 'Status logins' }).click();
    await filterNasOffline(page, nas.name);
    await page.getByTestId('summary-total').waitFor();

    await page.getByRole('tab', { name: 'CRM' }).click();
    const crm = page.getByRole('tabpanel', { name: 'CRM' });
    await crm.getByLabel('Mensagem via Opa Suite').selectOption({ label: 'Aviso de instabilidade' });
    await crm.getByLabel('Previsão de retorno *').fill(FREE_VALUE);
    await crm.getByRole('button', { name: 'Enviar Omnichannel' }).click();
    const dialog = page.getByRole('dialog', { name: /^Confirmar envio/ });
    await dialog.getByTestId('send-plan').waitFor();
    await dialog.getByRole('button', { name: 'Confirmar', exact: true }).click();
    await crm.getByTestId('send-result').getByText(/adicionadas? à fila/).waitFor();

    const batches = await avisa.queue.batches({});
    expect(batches.total).toBe(1);
    batch = batches.batches[0] as Batch;
    expect(batch.enqueued).toBeGreaterThan(1);
    expect(await crm.getByTestId('send-result').innerText()).toContain(
      say(batch.enqueued, 'mensagem adicionada à fila', 'mensagens adicionadas à fila'),
    );

    // One recipient of the batch has an atendimento open in Opa: its template send will be refused.
    const rows = await avisa.report.query({
      body: {
        filter: { ...filter(), hasValidMobile: true, optedOutWhatsapp: false },
        sort: { column: 'login', dir: 'asc' },
        page: 1,
        pageSize: 50,
      },
    });
    busy = rows.rows.find((r) => r.mobile?.e164) as LoginRow;
    expect(busy?.mobile?.e164).toBeTruthy();
    opa.setInAtendimento(busy.mobile?.e164 ?? '');
  });

  it('schedules "Envia Mensagens Omnichannel da Fila", runs it now and follows the run', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Agenda de tarefas', exact: true }).click();
    await page.getByRole('button', { name: 'Nova tarefa' }).click();
    const form = page.getByRole('region', { name: 'Nova tarefa' });
    await form.getByLabel('Tarefa', { exact: true }).selectOption({ label: 'Envia Mensagens Omnichannel da Fila' });
    await form.getByLabel('Descrição', { exact: true }).fill('Fila WhatsApp');
    // An hour two hours from now (the installation's zone): the schedule is never due while the test runs, so the
    // run below is Executar agora's alone (at 08:45 a due run once came after it and headed the history).
    const spHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Sao_Paulo', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
    const hour = String((spHour + 2) % 24);
    for (const [field, value] of [
      ['Minuto', '*/5'],
      ['Hora', hour],
    ] as const) {
      await form.getByRole('checkbox', { name: `Todos (${field})` }).uncheck();
      await form.getByLabel(field, { exact: true }).fill(value);
    }
    // A wrong value is caught live, under its field, in Portuguese.
    expect(await form.getByLabel('Dia do mês', { exact: true }).isDisabled()).toBe(true);
    await form.getByRole('checkbox', { name: 'Todos (Dia da semana)' }).uncheck();
    await form.getByLabel('Dia da semana', { exact: true }).fill('9');
    await form.getByText('9 está fora do intervalo 0–7').waitFor();
    await form.getByRole('checkbox', { name: 'Todos (Dia da semana)' }).check();
    const next = form.getByRole('region', { name: 'Próximas 5 execuções' }).getByRole('listitem');
    await expect.poll(() => next.count()).toBe(5);
    for (const text of await next.allInnerTexts()) expect(text).toMatch(/\d{2}:(00|05|10|15|20|25|30|35|40|45|50|55)$/);
    expect(await form.getByLabel('Tentativas por mensagem').inputValue()).toBe('5');
    await form.getByLabel('Tempo máximo por execução (s)').fill('120');
    await form.getByRole('button', { name: 'Salvar', exact: true }).click();
    await page.getByText('Tarefa “Fila WhatsApp” cadastrada.').waitFor();

    const list = page.getByRole('table', { name: 'Tarefas' });
    const row = list.getByRole('row').filter({ hasText: 'Fila WhatsApp' });
    expect(await row.innerText()).toMatch(new RegExp(`Envia Mensagens Omnichannel da Fila\\s+\\*/5\\s+${hour}\\s+Todos\\s+Todos\\s+Todos\\s+Sim`));

    await page.getByRole('button', { name: 'Executar agora' }).click();
    await page.getByText(/^Execução #\d+ de “Fila WhatsApp” iniciada/).waitFor();
    const history = page.getByRole('table', { name: 'Execuções' });
    const run = history.locator('tbody tr').filter({ hasText: 'Executar agora (admin)' }).first();
    await run.waitFor();
    await expect.poll(() => run.getAttribute('data-status'), { timeout: 60_000, interval: 500 }).toBe('succeeded');
    const cells = await run.locator('td').allInnerTexts();
    // início, fim, origem, status, processados, enviados, falhas, erro
    expect(cells.slice(2, 7)).toEqual([
      'Executar agora (admin)',
      'Sucesso',
      pt(batch.enqueued),
      pt(batch.enqueued - 1),
      '1',
    ]);
    await row.getByText('Sucesso').waitFor(); // última execução in the list
    await screenshot(page, 'agenda-tarefas.png');

    const after = await avisa.queue.batch({ params: { id: batch.id } });
    expect(after.batch.states).toMatchObject({ pending: 0, sending: 0, sent: batch.enqueued - 1, failed: 1 });

    // The Fila follows it: everything done, one failure to resend if wanted.
    await page.getByRole('link', { name: 'Fila de envio' }).click();
    const batchRow = page.getByRole('table', { name: 'Lotes' }).locator(`tr[data-batch="${batch.id}"]`);
    expect(await batchRow.locator('td[data-state="sent"]').innerText()).toBe(pt(batch.enqueued - 1));
    expect(await batchRow.locator('td[data-state="failed"]').innerText()).toBe('1');
    expect(await batchRow.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await batchRow.getByRole('link', { name: `Abrir lote #${batch.id}` }).click();
    const detail = page.getByRole('region', { name: new RegExp(`^Lote #${batch.id}`) });
    expect(await detail.getByTestId('batch-state-failed').locator('dd').innerText()).toBe('1');
    expect(await detail.getByRole('button', { name: 'Reenviar falhas' }).isDisabled()).toBe(false);
    expect(await detail.getByRole('button', { name: 'Cancelar', exact: true }).isDisabled()).toBe(true);
  }, 90_000);

  it('shows every delivery in Logs Omnichannel, the refused one with its reason', async () => {
    await page.getByRole('link', { name: 'Logs', exact: true }).click();
    await page.getByRole('link', { name: 'Logs Omnichannel' }).click();
    const grid = page.getByRole('table', { name: 'Logs Omnichannel' });
    await grid.locator('tbody tr[data-log]').first().waitFor();
    const pager = page.getByRole('navigation', { name: 'Paginação dos logs' });
    await pager.getByText(`1–${pt(batch.enqueued)} de ${pt(batch.enqueued)}`).waitFor();
    const statuses = await grid.locator('tbody .log-status').allInnerTexts();
    expect(statuses.filter((s) => s === 'Sucesso')).toHaveLength(batch.enqueued - 1);
    expect(statuses.filter((s) => s === 'Falha')).toHaveLength(1);
    const failure = grid.locator('tbody tr').filter({ has: page.locator('.log-failure') });
    const text = await failure.innerText();
    expect(text).toContain(IN_SERVICE);
    expect(text).toContain(busy.mobile?.display ?? '?');
    expect(text).toContain(String(busy.clientId));
    expect(text).toContain('WhatsApp');
    await screenshot(page, 'logs-omnichannel.png');

    // Status = Falha: only that one; Mensagem contém works on the reason.
    await page.getByLabel('Status', { exact: true }).selectOption('failure');
    await page.getByLabel('Mensagem contém').fill('atendimento');
    await page.getByRole('button', { name: 'Filtrar', exact: true }).click();
    await pager.getByText('1–1 de 1').waitFor();
    expect(await grid.locator('tbody tr').innerText()).toContain(IN_SERVICE);
    const csv = page.getByRole('link', { name: 'Exportar CSV' });
    expect(await csv.getAttribute('href')).toBe('/api/logs/export.csv?channel=whatsapp&message=atendimento&status=failure');

    // The other tabs have their own channel: nothing was sent by e-mail.
    await page.getByRole('link', { name: 'Logs E-mail' }).click();
    await page.getByText('Nenhum envio registrado com estes critérios.').waitFor();
  });
});
