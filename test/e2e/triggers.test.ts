/**
 * Sistema › CRM › Gatilhos de envio end to end, against the in-process Opa! Suite simulator: an Opa integration,
 * a WhatsApp message with a free field and a saved filter (set up through the API); in the browser, a rule built
 * on them with Simular; then the Agenda de tarefas task "Executa gatilhos de envio" run now (API), the rule's batch
 * in its history, the drain "Envia Mensagens Omnichannel da Fila", the sends in Logs Omnichannel, and a second run
 * that the cooldown leaves empty. Needs `npm run build` first, the scheduler inside the test server, the trigger
 * routes in buildApp and the `run_triggers` task type registered at start-up.
 * Saves the screenshots (into docs/screenshots with AVISA_UPDATE_SCREENSHOTS=1) gatilhos-envio.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpaSimulator, startOpaSimulator } from '../../src/providers/opa/simulator.js';
import type { AvisaClient, ResponseOf } from '../../src/client/client.js';
import type { queueContract } from '../../src/queue/contract.js';
import type { ReportFilter } from '../../src/report/filter.js';
import { type App, opaAvisoMessage, openApp, pageClient, screenshot, signIn, skipBrowserTests, runTaskNow } from './browser.js';

const FREE_VALUE = 'hoje às 18h';
const RULE = 'Offline do concentrador';

type Batch = ResponseOf<typeof queueContract.batch>['batch'];

const pt = (n: number) => new Intl.NumberFormat('pt-BR').format(n);

describe.skipIf(skipBrowserTests)('Gatilhos de envio: regra → Agenda de tarefas → fila → logs', () => {
  let app: App;
  let page: Page;
  let opa: OpaSimulator;
  let messageId = 0;
  let nasId = 0;
  let filter: ReportFilter = {};
  let expected = 0;
  let batch: Batch;

  let avisa: AvisaClient;

  const runTask = (taskId: number) => runTaskNow(avisa, taskId);

  const history = () => page.getByRole('table', { name: 'Avaliações do gatilho' }).locator('tbody tr');


  beforeAll(async () => {
    [app, opa] = await Promise.all([openApp(), startOpaSimulator()]);
    page = app.page;
    await page.goto('/login');
    await signIn(page, app.server.admin.username, app.server.admin.password);
    await page.waitForURL(`${app.server.url}/`);

    avisa = pageClient(page);
    ({ messageId } = await opaAvisoMessage(avisa, opa, { ratePerSecond: 50, maxConcurrency: 4 }));

    // The NAS with the fewest offline logins that still has a few: a short drain.
    const summary = await avisa.report.summary({ body: { filter: {} } });
    const nas = summary.byNas.filter((g) => g.id !== null && g.offline >= 5).sort((a, b) => a.offline - b.offline)[0];
    nasId = nas?.id ?? 0;
    filter = { online: ['offline'], nasIds: [nasId] };
    await avisa.savedFilters.create({ body: { name: `Offline ${nas?.name ?? ''}`, filter } });
    const plan = await avisa.send.plan({ body: { messageId, filter, free: { previsao_retorno: FREE_VALUE } } });
    expected = plan.enqueue;
    expect(expected).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await app?.close();
    await opa?.close();
  });

  it('creates the rule in the browser, after a dry run of what it would send', async () => {
    await page.getByRole('link', { name: 'Gatilhos de envio' }).click();
    await page.getByText('Nenhum gatilho cadastrado ainda.').waitFor();
    await page.getByRole('button', { name: 'Novo gatilho' }).click();
    const form = page.getByRole('region', { name: 'Novo gatilho' });
    await form.getByLabel('Nome', { exact: true }).fill(RULE);
    await form.getByLabel('Filtro salvo', { exact: true }).selectOption({ index: 1 });
    await form.getByLabel('Mensagem via Opa Suite').selectOption({ label: 'Aviso de instabilidade' });

    // The message's required free field: caught by the form before anything is sent.
    await page.getByRole('button', { name: 'Simular agora' }).click();
    await form.getByText('Preencha este campo.').waitFor();
    await form.getByLabel('Previsão de retorno *').fill(FREE_VALUE);
    await form.getByLabel('Intervalo mínimo por contato (horas)').fill('6');
    expect(await form.getByLabel('Limite por execução').inputValue()).toBe('5000');

    await page.getByRole('button', { name: 'Simular agora' }).click();
    const result = page.getByTestId('dry-run-result');
    await result.waitFor();
    expect(await result.innerText()).toContain(`${pt(expected)} ${expected === 1 ? 'mensagem iria' : 'mensagens iriam'} para a fila.`);
    expect(await result.innerText()).toContain('Dentro do limite de 5.000');
    const samples = page.getByRole('list', { name: 'Exemplos de “Aviso de instabilidade”' }).getByRole('listitem');
    expect(await samples.count()).toBeGreaterThan(0);
    expect(await samples.first().innerText()).toContain(`Previsão de normalização: ${FREE_VALUE}.`);

    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await page.getByText(`Gatilho “${RULE}” cadastrado.`).waitFor();
    await page.getByText('Nenhuma avaliação ainda.', { exact: false }).waitFor();
    const row = page.getByRole('table', { name: 'Gatilhos de envio' }).getByRole('row').filter({ hasText: RULE });
    expect(await row.innerText()).toMatch(/Aviso de instabilidade[\s\S]*6 h[\s\S]*5\.000[\s\S]*Sim[\s\S]*Nunca avaliado/);
  });

  it('runs "Executa gatilhos de envio" now: the rule\'s batch shows in its history; the drain sends it to the logs', async () => {
    const { task } = await avisa.tasks.create({ body: { type: 'run_triggers', description: 'Gatilhos de envio', enabled: false } });
    const run = await runTask(task.id);
    expect(run).toMatchObject({ status: 'succeeded', processed: 1, sent: expected, failed: 0, errors: [] });

    const { batches } = await avisa.queue.batches({});
    expect(batches).toHaveLength(1);
    batch = batches[0]!;
    expect(batch).toMatchObject({ actor: `gatilho: ${RULE}`, enqueued: expected });

    const first = history().first();
    await expect.poll(() => first.getAttribute('data-status'), { timeout: 15_000, interval: 300 }).toBe('enqueued');
    const cells = await first.locator('td').allInnerTexts();
    // data, situação, logins, na fila, ignorados, lotes, observação
    expect(cells[1]).toBe('Enviado à fila');
    expect(cells[3]).toBe(pt(expected));
    expect(cells[5]).toBe(`#${batch.id}`);
    await screenshot(page, 'gatilhos-envio.png');

    const { task: drain } = await avisa.tasks.create({
      body: { type: 'drain_whatsapp', description: 'Fila WhatsApp', enabled: false, options: { budgetSeconds: 60 } },
    });
    expect(await runTask(drain.id)).toMatchObject({ status: 'succeeded', sent: expected, failed: 0 });
    expect(opa.sends).toHaveLength(expected);

    const logs = await avisa.logs.list({ query: { batchId: batch.id, pageSize: 500 } });
    expect(logs.total).toBe(expected);
    expect(logs.rows.every((r) => r.success && r.batchId === batch.id)).toBe(true);

    await page.goto(`/configuracoes/logs?lote=${batch.id}`);
    const table = page.getByRole('table', { name: 'Logs Omnichannel' });
    await expect.poll(() => table.locator('tbody tr[data-log]').count(), { timeout: 10_000 }).toBe(Math.min(expected, 50));
    expect(await table.getByText('Falha', { exact: true }).count()).toBe(0);
  });

  it('a second run within the cooldown queues nothing and says why', async () => {
    const { tasks } = await avisa.tasks.list({});
    const task = tasks.find((t) => t.type === 'run_triggers')!;
    expect(await runTask(task.id)).toMatchObject({ status: 'succeeded', processed: 1, sent: 0 });

    await page.getByRole('link', { name: 'Gatilhos de envio' }).click();
    await page.getByRole('button', { name: `Editar ${RULE}` }).click();
    await expect.poll(() => history().count(), { timeout: 15_000, interval: 300 }).toBe(2);
    const cells = await history().first().locator('td').allInnerTexts();
    expect(cells[1]).toBe('Nada a enviar');
    expect(cells[3]).toBe('0');
    expect(cells[4]).toContain(`Recebeu este gatilho há pouco (intervalo mínimo) ${pt(expected)}`);
    expect(cells[5]).toBe('');
    const { batches } = await avisa.queue.batches({});
    expect(batches).toHaveLength(1); // no empty batch
  });

  it('holds a run over the ceiling until an operator presses Confirmar envio', async () => {
    const { savedFilter } = await avisa.savedFilters.create({ body: { name: 'Todo o concentrador', filter: { nasIds: [nasId] } } });
    const free = { previsao_retorno: FREE_VALUE };
    await avisa.triggers.create({ body: { name: 'Concentrador inteiro', savedFilterId: savedFilter.id, messageIds: [messageId], freeValues: free, ceiling: 1 } });
    const { tasks } = await avisa.tasks.list({});
    expect(await runTask(tasks.find((t) => t.type === 'run_triggers')!.id)).toMatchObject({ status: 'succeeded', processed: 2, sent: 0 });

    await page.goto('/crm/gatilhos'); // a fresh list (it also refreshes on its own every 10 s)
    const row = page.getByRole('table', { name: 'Gatilhos de envio' }).getByRole('row').filter({ hasText: 'Concentrador inteiro' });
    await row.getByText('1 aguardando confirmação').waitFor();
    await page.getByRole('button', { name: 'Editar Concentrador inteiro' }).click();
    const held = history().first();
    await expect.poll(() => held.getAttribute('data-status'), { timeout: 15_000, interval: 300 }).toBe('held');
    const planned = (await held.locator('td').nth(3).innerText()).replace(/\D/g, '');
    expect(Number(planned)).toBeGreaterThan(1);
    expect(await held.locator('td').nth(5).innerText()).toBe(''); // nothing queued yet

    await held.getByRole('button', { name: 'Confirmar envio' }).click();
    await page.getByText(/^Avaliação #\d+ confirmada: .* mensagens na fila\.$/).waitFor();
    await expect.poll(() => held.getAttribute('data-status')).toBe('confirmed');
    const cells = await held.locator('td').allInnerTexts();
    expect(cells[1]).toBe('Confirmado');
    expect(cells[6]).toMatch(/^por admin em /);
    expect(await held.getByRole('button', { name: 'Confirmar envio' }).count()).toBe(0);
    const { batches } = await avisa.queue.batches({});
    expect(batches.find((b) => b.actor === 'gatilho: Concentrador inteiro')?.enqueued).toBe(Number(cells[3]!.replace(/\D/g, '')));
  });
});
