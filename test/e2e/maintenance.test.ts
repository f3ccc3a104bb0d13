/**
 * Manutenção programada and an incident opened by hand, end to end against the in-process Opa! Suite simulator:
 * the operator schedules a window on an FTTH box of the demo ISP from Suporte › Manutenções → "Detecta quedas"
 * sends the latest reminder due (the 7-day one is past: superseded) → the drain delivers the manutencao_programada
 * template, date and hours filled, to each subscriber on the box → Cancelar. Then, on the Relatório de status
 * logins, the Incidente tab opens an incident around a filter of offline logins and the início reaches them.
 * Needs `npm run build` first. Saves manutencao.png and incidente-manual.png.
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvisaClient } from '../../src/client/client.js';
import { queryRows } from '../../src/db/database.js';
import { type OpaSimulator, startOpaSimulator } from '../../src/providers/opa/simulator.js';
import {
  type App,
  digits,
  incidentTasks,
  opaAvisoMessage,
  openApp,
  pageClient,
  screenshot,
  setBoxIncidents,
  signInAsAdmin,
  skipBrowserTests,
  type TaskRun,
} from './browser.js';

const MAINTENANCE_TEMPLATE = '65a1f3d8b7e4d93a1c0f2b02';
const TZ = 'America/Sao_Paulo';

/** `YYYY-MM-DDTHH:MM` of `at` on the installation's wall clock: what a datetime-local field holds. */
function wallClock(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

describe.skipIf(skipBrowserTests)('Manutenção programada and an incident opened by hand', () => {
  let app: App;
  let page: Page;
  let opa: OpaSimulator;
  let avisa: AvisaClient;
  let detect: () => Promise<TaskRun>;
  let drain: () => Promise<TaskRun>;
  let box = { id: 0, name: '' };
  /** The distinct WhatsApp mobiles of the box's active logins (digits). */
  let phones: string[] = [];

  const db = () => app.server.database.db;

  beforeAll(async () => {
    [app, opa] = await Promise.all([openApp(), startOpaSimulator()]);
    page = app.page;
    await signInAsAdmin(app);
    avisa = pageClient(page);
    const { integrationId, messageId } = await opaAvisoMessage(avisa, opa, { ratePerSecond: 50, maxConcurrency: 4 });
    await avisa.messages.create({
      body: {
        channel: 'whatsapp',
        purpose: 'maintenance',
        description: 'Manutenção programada',
        integrationId,
        content: {
          opaChannelId: '65a1f0c2b7e4d93a1c0f1a01',
          templateId: MAINTENANCE_TEMPLATE,
          templateText: '',
          variables: [
            { type: 'field', field: 'primeiro_nome' },
            { type: 'free', key: 'data' },
            { type: 'free', key: 'horario' },
          ],
          freeFields: [
            { key: 'data', label: 'Data', required: true },
            { key: 'horario', label: 'Horário', required: true },
          ],
        },
      },
    });
    await setBoxIncidents(avisa, { start: [messageId], update: [], restored: [] });
    ({ detect, drain } = await incidentTasks(avisa));
    const [chosen] = await queryRows<{ id: number; name: string }>(
      db(),
      sql`select b.id, b.name from ftth_boxes b join logins l on l.ftth_box_id = b.id join clients c on c.id = l.client_id
           where l.active and c.mobile_e164 is not null and not c.opt_out_whatsapp group by b.id, b.name order by count(*) desc, b.id limit 1`,
    );
    box = chosen!;
    phones = (
      await queryRows<{ phone: string }>(
        db(),
        sql`select distinct c.mobile_e164 as phone from logins l join clients c on c.id = l.client_id
             where l.ftth_box_id = ${box.id} and l.active and c.mobile_e164 is not null and not c.opt_out_whatsapp`,
      )
    )
      .map((r) => digits(r.phone))
      .sort();
    expect(phones.length).toBeGreaterThanOrEqual(3);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await opa?.close();
  });

  it('the operator schedules a window on a box; the latest reminder due reaches each subscriber on it; Cancelar ends it', async () => {
    const starts = new Date(Date.now() + 2 * 3_600_000);
    await page.goto('/manutencoes');
    await page.getByRole('button', { name: 'Nova manutenção' }).click();
    await page.getByLabel('Título').fill('Troca de splitter');
    await page.getByLabel('Caixa FTTH', { exact: true }).click();
    await page.getByRole('searchbox', { name: 'Buscar na lista' }).fill(box.name);
    await page.getByRole('checkbox', { name: box.name, exact: true }).check();
    await page.keyboard.press('Escape');
    await page.getByLabel('Início', { exact: true }).fill(wallClock(starts));
    await page.getByLabel('Fim', { exact: true }).fill(wallClock(new Date(starts.getTime() + 3 * 3_600_000)));
    await page.getByRole('checkbox', { name: 'Ao término' }).uncheck();
    // Reminders without a message: the server's refusal, said in Portuguese (not "reminders before the start need…")
    await page.getByRole('button', { name: 'Agendar manutenção' }).click();
    await page
      .getByRole('alert')
      .getByText('Os lembretes antes do início precisam de uma mensagem: escolha-a em “Mensagens dos lembretes”.', { exact: true })
      .waitFor();
    await page.getByRole('group', { name: 'Mensagens dos lembretes' }).getByRole('checkbox', { name: /Manutenção programada/ }).check();
    await page.getByRole('button', { name: 'Agendar manutenção' }).click();
    await page.getByRole('heading', { name: 'Troca de splitter' }).waitFor();

    expect(await detect()).toMatchObject({ status: 'succeeded', details: expect.objectContaining({ reminders: 1, remindersSkipped: 1 }) });
    expect(await drain()).toMatchObject({ status: 'succeeded', sent: phones.length, failed: 0 });
    expect(opa.sends.map((s) => s.atalho)).toEqual(phones.map(() => 'manutencao_programada'));
    expect(opa.sends.map((s) => digits(s.to)).sort()).toEqual(phones);
    const [hour, date] = [wallClock(starts).slice(11), wallClock(starts).slice(0, 10).split('-').reverse().join('/')];
    expect(opa.sends.every((s) => s.text.includes(date) && s.text.includes(`das ${hour} às`))).toBe(true);
    expect(await detect()).toMatchObject({ details: expect.objectContaining({ reminders: 0 }) }); // nothing twice

    await page.reload();
    const reminders = page.getByRole('table').filter({ hasText: 'Lembrete' });
    await reminders.getByRole('row', { name: /7 dias antes.*um lembrete mais próximo/ }).waitFor();
    await reminders.getByRole('row', { name: new RegExp(`1 dia antes.*Enviado.*${phones.length}$`) }).waitFor();
    await screenshot(page, 'manutencao.png');
    await page.getByRole('button', { name: 'Cancelar manutenção' }).click();
    await page.getByRole('button', { name: 'Confirmar cancelamento' }).click();
    await page.getByText('Manutenção cancelada;').waitFor();
    await page.locator('.incident-detail').getByText('Cancelada', { exact: true }).waitFor();
  });

  it('the Incidente tab opens an incident around the filter: its offline logins are affected and the início reaches them', async () => {
    const dropped = await queryRows<{ id: number }>(
      db(),
      sql`update logins set online = 'N', session_ended_at = now() - interval '5 minutes'
           where id in (select l.id from logins l join clients c on c.id = l.client_id
                         where l.ftth_box_id = ${box.id} and l.active and c.mobile_e164 is not null order by l.id limit 3)
          returning id`,
    );
    const before = opa.sends.length;
    await page.goto(`/relatorios/status-logins?f=${encodeURIComponent(JSON.stringify({ ftthBoxIds: [box.id], online: ['offline'] }))}`);
    await page.getByRole('tab', { name: 'Incidente' }).click();
    const offline = (await avisa.report.summary({ body: { filter: { ftthBoxIds: [box.id], online: ['offline'] } } })).offline;
    await page.getByText(`${offline} logins deste filtro estão offline agora.`).waitFor();
    await page.getByLabel('O que aconteceu').fill('Rompimento na Rua 7');
    await page.getByRole('button', { name: 'Abrir incidente' }).click();
    await page.getByText(new RegExp(`Incidente INC-\\d{6} aberto: ${offline} logins afetados`)).waitFor();
    expect(offline).toBeGreaterThanOrEqual(dropped.length);
    await screenshot(page, 'incidente-manual.png');
    await page.getByRole('link', { name: 'Ver incidente', exact: true }).click();
    await page.getByRole('heading', { name: /INC-\d{6} — Caixa FTTH Rompimento na Rua 7/ }).waitFor();
    await page.locator('.incident-detail').getByText('Aberto à mão').waitFor();
    const run = await drain();
    expect(run).toMatchObject({ status: 'succeeded', failed: 0 });
    expect(run.sent).toBeGreaterThanOrEqual(1);
    expect(opa.sends.slice(before).every((s) => s.atalho === 'aviso_instabilidade')).toBe(true);
  });
});
