/**
 * Incidentes end to end, against the in-process Opa! Suite simulator: a fibre cut on an FTTH box of the demo ISP
 * (its logins set offline as a status sync writes them) → "Detecta quedas" opens a suspected incident, which the
 * banner and Suporte › Incidentes show → the operator confirms it with a previsão → the drain delivers the início to
 * the simulator → half of the logins come back → the normalizado goes to exactly those subscribers → the rest come
 * back → the incident is normalizado and encerrado on its own. Needs `npm run build` first.
 * Saves incidente-suspeito.png and incidente-confirmado.png (into docs/screenshots with AVISA_UPDATE_SCREENSHOTS=1).
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

const RESTORED_TEMPLATE = '65a1f3d8b7e4d93a1c0f2b03';

describe.skipIf(skipBrowserTests)('Incidentes: queda de caixa → suspeito → confirmado → início → volta → normalizado', () => {
  let app: App;
  let page: Page;
  let opa: OpaSimulator;
  let avisa: AvisaClient;
  let detect: () => Promise<TaskRun>;
  let drain: () => Promise<TaskRun>;
  let box = { id: 0, name: '' };
  /** The dropped logins, each with its client's mobile (digits). */
  let dropped: { id: number; phone: string }[] = [];
  let told: string[] = [];

  const db = () => app.server.database.db;
  const backOnline = (ids: number[]) =>
    db().execute(sql`update logins set online = 'S', session_started_at = now() where id = any(${sql.param(ids)}::int4[])`);

  beforeAll(async () => {
    [app, opa] = await Promise.all([openApp(), startOpaSimulator()]);
    page = app.page;
    await signInAsAdmin(app);
    avisa = pageClient(page);
    const { integrationId, messageId } = await opaAvisoMessage(avisa, opa, { ratePerSecond: 50, maxConcurrency: 4 });
    const { message: restored } = await avisa.messages.create({
      body: {
        channel: 'whatsapp',
        purpose: 'restored',
        description: 'Serviço normalizado',
        integrationId,
        content: {
          opaChannelId: '65a1f0c2b7e4d93a1c0f1a01',
          templateId: RESTORED_TEMPLATE,
          templateText: '',
          variables: [{ type: 'field', field: 'primeiro_nome' }],
          freeFields: [],
        },
      },
    });
    await setBoxIncidents(avisa, { start: [messageId], update: [messageId], restored: [restored.id] }, { restoreSeconds: 0, closeAfterSeconds: 0 });
    ({ detect, drain } = await incidentTasks(avisa));

    // the box with the most online logins whose clients have a mobile and take WhatsApp: its fibre is cut (one login
    // per mobile, all but one of them, drop)
    const [chosen] = await queryRows<{ id: number; name: string }>(
      db(),
      sql`select b.id, b.name from ftth_boxes b join logins l on l.ftth_box_id = b.id join clients c on c.id = l.client_id
           where l.online = 'S' and c.mobile_e164 is not null and not c.opt_out_whatsapp group by b.id, b.name order by count(*) desc, b.id limit 1`,
    );
    box = chosen!;
    dropped = (
      await queryRows<{ id: number; phone: string }>(
        db(),
        sql`with d as (
              update logins l set online = 'N', session_ended_at = now() - interval '3 minutes', disconnect_reason = 'Lost-Carrier'
               where l.id in (select id from (select distinct on (c.mobile_e164) l2.id from logins l2 join clients c on c.id = l2.client_id
                                               where l2.ftth_box_id = ${box.id} and l2.online = 'S' and c.mobile_e164 is not null
                                                 and not c.opt_out_whatsapp
                                               order by c.mobile_e164, l2.id) one_per_phone
                               order by id offset 1)
              returning l.id, l.client_id)
            select d.id, c.mobile_e164 as phone from d join clients c on c.id = d.client_id order by d.id`,
      )
    ).map((r) => ({ id: r.id, phone: digits(r.phone) }));
    expect(dropped.length).toBeGreaterThanOrEqual(4);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await opa?.close();
  });

  it('"Detecta quedas" opens a suspected incident: the banner says so on every page, Incidentes shows it', async () => {
    expect(await detect()).toMatchObject({ status: 'succeeded', processed: 1 });
    await page.goto('/');
    const banner = page.getByRole('status').filter({ hasText: '1 incidente aberto' });
    await expect.poll(() => banner.innerText(), { timeout: 20_000 }).toContain(`${box.name} — Suspeito, ${dropped.length} afetados`);
    await banner.getByRole('link', { name: box.name }).click();
    await page.getByRole('heading', { name: new RegExp(`INC-\\d{6} — Caixa FTTH ${box.name}`) }).waitFor();
    await page.getByRole('heading', { name: 'Confirmar incidente' }).waitFor();
    await screenshot(page, 'incidente-suspeito.png');
  });

  it('the operator confirms with a previsão: the início is queued and the drain delivers it to each affected subscriber', async () => {
    await page.getByLabel('Previsão de retorno').fill('2030-01-15T18:30');
    await page.getByLabel('Nota pública').fill('Rompimento de fibra; equipe a caminho');
    await page.getByRole('button', { name: 'Confirmar e avisar' }).click();
    await page.getByText(`Incidente confirmado: ${dropped.length} avisos de início na fila.`).waitFor();
    await page.locator('.incident-detail').getByText('Confirmado', { exact: true }).waitFor();

    expect(await drain()).toMatchObject({ status: 'succeeded', sent: dropped.length, failed: 0 });
    expect(opa.sends.map((s) => s.atalho)).toEqual(dropped.map(() => 'aviso_instabilidade'));
    told = opa.sends.map((s) => digits(s.to)).sort();
    expect(told).toEqual(dropped.map((d) => d.phone).sort());
    expect(opa.sends.every((s) => s.text.includes('15/01 18:30'))).toBe(true);
    await page.reload();
    await page.getByRole('table').filter({ hasText: 'Aviso' }).getByRole('link', { name: /lote #\d+/ }).first().waitFor();
    await screenshot(page, 'incidente-confirmado.png');
  });

  it('as logins come back, the normalizado goes to those subscribers only; when all are back it is normalizado and encerrado', async () => {
    const half = dropped.slice(0, Math.floor(dropped.length / 2));
    await backOnline(half.map((d) => d.id));
    await detect();
    expect(await drain()).toMatchObject({ status: 'succeeded', sent: half.length, failed: 0 });
    const restored = opa.sends.slice(dropped.length);
    expect(restored.every((s) => s.atalho === 'servico_normalizado')).toBe(true);
    expect(restored.map((s) => digits(s.to)).sort()).toEqual(half.map((d) => d.phone).sort());
    const { incidents } = await avisa.incidents.list({ query: { open: 'true' } });
    expect(incidents[0]).toMatchObject({ state: 'confirmed', counts: { affected: dropped.length, back: half.length, restoredNotices: half.length } });

    await backOnline(dropped.slice(half.length).map((d) => d.id));
    await detect(); // the rest are told, and all are back: normalizado
    await detect(); // encerrado
    expect(await drain()).toMatchObject({ sent: dropped.length - half.length });
    expect(opa.sends.slice(dropped.length).map((s) => digits(s.to)).sort()).toEqual(told);
    await page.reload();
    await page.locator('.incident-detail').getByText('Encerrado', { exact: true }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'incidente aberto' }).count()).toBe(0);
  });
});
