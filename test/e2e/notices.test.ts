/**
 * Text for people is rendered, not stored (issue 15): what the system recorded — a failed delivery and its retry,
 * a run whose process died, a gatilho whose saved filter was deleted, recipients left out — shows in English with
 * none of Avisa's own words in Portuguese, and in pt-BR in Portuguese. The records are made by the system itself,
 * against the in-process Opa! Suite simulator (set up through the typed API client); the texts are read from what
 * the browser shows in Logs Omnichannel, the Fila, the Agenda de tarefas and the Gatilhos. What is not Avisa's
 * to translate — the provider's words, a gatilho's name — is marked verbatim on screen and left out of the check.
 * Needs `npm run build` first.
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvisaClient } from '../../src/client/client.js';
import { type OpaSimulator, startOpaSimulator } from '../../src/providers/opa/simulator.js';
import { PORTUGUESE } from '../../src/test-support/portuguese.js';
import { type App, opaAvisoMessage, openApp, pageClient, signIn, skipBrowserTests, runTaskNow, waitForRun } from './browser.js';

const RULE = 'Queda no concentrador';
const DEAD = 'Fila de e-mail';

describe.skipIf(skipBrowserTests)('stored notices, rendered in the reader language', () => {
  let app: App;
  let page: Page;
  let opa: OpaSimulator;
  let avisa: AvisaClient;
  let messageId = 0;
  let batchId = 0;
  let skipped = 0;

  beforeAll(async () => {
    [app, opa] = await Promise.all([openApp(), startOpaSimulator()]);
    page = app.page;
    await page.goto('/login');
    await signIn(page, app.server.admin.username, app.server.admin.password);
    await page.waitForURL(`${app.server.url}/`);
    avisa = pageClient(page);

    ({ messageId } = await opaAvisoMessage(avisa, opa, { ratePerSecond: 50, maxConcurrency: 4 }));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await opa?.close();
  });

  it('records a failed delivery, skipped recipients, a failed gatilho and a run whose process died', async () => {
    const free = { previsao_retorno: '18h' };

    // A NAS whose offline logins are few, some of them unreachable by WhatsApp: skipped recipients.
    const summary = await avisa.report.summary({ body: { filter: {} } });
    let filter: { online: ['offline']; nasIds: number[] } | undefined;
    for (const nas of summary.byNas.filter((g) => g.id !== null && g.offline > 0).sort((a, b) => a.offline - b.offline)) {
      const candidate = { online: ['offline'] as ['offline'], nasIds: [nas.id!] };
      const plan = await avisa.send.plan({ body: { messageId: messageId, filter: candidate, free } });
      if (plan.skipped > 0 && plan.enqueue > 0 && plan.enqueue <= 40) {
        filter = candidate;
        break;
      }
    }
    expect(filter, 'a NAS with offline logins, some skipped').toBeDefined();

    // A failed delivery: Opa! answers 503 to every send, so each row is retried later.
    const sent = await avisa.send.send({ body: { messageId: messageId, filter: filter!, free, idempotencyKey: 'notices-e2e-0001' } });
    batchId = sent.batchId;
    skipped = sent.skipped;
    opa.setFaults({ errorRate: 1 });
    const { task: drain } = await avisa.tasks.create({
      body: { type: 'drain_whatsapp', description: 'Fila WhatsApp', enabled: false, options: { budgetSeconds: 60 } },
    });
    expect((await runTaskNow(avisa, drain.id)).status).toBe('succeeded');

    // A gatilho whose saved filter is then deleted: its evaluation fails, and so does the task run.
    const { savedFilter: saved } = await avisa.savedFilters.create({ body: { name: 'Offline do NAS', filter: filter! } });
    await avisa.triggers.create({ body: { name: RULE, savedFilterId: saved.id, messageIds: [messageId], freeValues: free } });
    await avisa.savedFilters.remove({ params: { id: saved.id } });
    const { task: triggers } = await avisa.tasks.create({ body: { type: 'run_triggers', description: 'Gatilhos', enabled: false } });
    expect((await runTaskNow(avisa, triggers.id)).status).toBe('failed');

    // A run whose process died: its heartbeat stopped 10 minutes ago, and the scheduler reaps it.
    const { task: dead } = await avisa.tasks.create({ body: { type: 'drain_email', description: DEAD, enabled: false } });
    const [run] = await app.server.database.db.execute(
      sql`insert into task_runs (task_id, due_at, status, owner, started_at, heartbeat_at)
          values (${dead.id}, now() - interval '11 minutes', 'running', 'morto:1:abc', now() - interval '11 minutes', now() - interval '10 minutes')
          returning id`,
    ).then((r) => (r as unknown as { rows: { id: number }[] }).rows);
    expect((await waitForRun(avisa, dead.id, Number(run!.id))).status).toBe('abandoned');
  }, 180_000);

  /** Avisa's own words in the notices on screen: each notice's text with its verbatim parts taken out. */
  const noticeTexts = (scope = page.locator('main')) =>
    scope.locator('.notice').evaluateAll((nodes) =>
      nodes.map((node) => {
        const copy = node.cloneNode(true) as Element;
        for (const verbatim of copy.querySelectorAll('[data-verbatim]')) verbatim.remove();
        return (copy.textContent ?? '').trim();
      }),
    );

  /** Every rendered record of the four screens, in the language the UI is in now. */
  async function shownTexts(labels: { edit: string; skips: RegExp }): Promise<string[]> {
    const texts: string[] = [];
    await page.goto(`/configuracoes/logs?lote=${batchId}`);
    await page.locator('tr[data-log] .notice').first().waitFor();
    texts.push(...(await noticeTexts()));

    await page.goto(`/crm/fila?lote=${batchId}`);
    await page.locator('tbody .notice').first().waitFor();
    texts.push(...(await noticeTexts()));
    const audience = page.getByTestId('batch-audience').locator('.muted');
    const reasons = (await audience.innerText()).trim();
    expect(reasons).toMatch(labels.skips);
    texts.push(reasons);

    await page.goto('/ferramentas/agenda-tarefas');
    for (const task of ['Gatilhos', DEAD]) {
      await page.getByRole('button', { name: `${labels.edit} ${task}`, exact: true }).click();
      await page.locator('.run-history tbody .notice').first().waitFor();
      texts.push(...(await noticeTexts(page.locator('.run-history'))));
    }

    await page.goto('/crm/gatilhos');
    await page.getByRole('button', { name: `${labels.edit} ${RULE}`, exact: true }).click();
    await page.locator('.run-history tbody .notice').first().waitFor();
    texts.push(...(await noticeTexts(page.locator('.run-history'))));
    return texts;
  }

  it('shows no Portuguese of its own in English', async () => {
    expect(skipped).toBeGreaterThan(0);
    await page.getByRole('group', { name: 'Idioma' }).getByRole('button', { name: 'EN' }).click();
    await page.getByRole('group', { name: 'Language' }).waitFor();
    const texts = await shownTexts({ edit: 'Edit', skips: /^\((No mobile phone|Invalid mobile phone|Landline only|Opted out|Repeated)/ });
    const joined = texts.join('\n');
    expect(joined).toMatch(/The provider answered: +\(attempt 1 of 5; retry scheduled\)/); // the 503's own words left out
    expect(joined).toContain("This trigger's saved filter was deleted");
    expect(joined).toContain('The process running this task stopped responding');
    for (const text of texts) expect(text, text).not.toMatch(PORTUGUESE);
  }, 60_000);

  it('shows the same records in Portuguese in pt-BR', async () => {
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'PT' }).click();
    await page.getByRole('group', { name: 'Idioma' }).waitFor();
    const joined = (await shownTexts({ edit: 'Editar', skips: /^\((Sem celular|Celular inválido|Somente telefone fixo|Não aceita|Contato repetido)/ })).join(
      '\n',
    );
    expect(joined).toMatch(/O provedor respondeu: +\(tentativa 1 de 5; nova tentativa agendada\)/);
    expect(joined).toContain('O filtro salvo deste gatilho foi excluído');
    expect(joined).toContain('O processo que executava esta tarefa parou de responder');
  }, 60_000);
});
