/**
 * WhatsApp Cloud API end to end, against its simulator posting signed, out-of-order status webhooks to the running
 * server: the admin configures the integration on Configurações › Integrações (Testar conexão reads the number) →
 * a send to a box's subscribers drains through Meta → the Logs turn *Lida* / *Entregue* and show the one recipient
 * WhatsApp could not deliver to → that one gets the SMS fallback (the scheduler's pass), once → a subscriber
 * replies SAIR from the simulator, appears on Descadastros, and the next send skips them. Zenvia confirms that SMS, and
 * the failed WhatsApp line's timeline shows the chain: sent → failed 131026 → fallback SMS → delivered. The admin's
 * prices in Configurações › Envio make the send dialog's estimate.
 * Needs `npm run build` first. Saves cloudapi-integracao.png, cloudapi-logs.png, cloudapi-linha-do-tempo.png,
 * envio-precos.png and descadastros.png.
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvisaClient } from '../../src/client/client.js';
import { queryRows } from '../../src/db/database.js';
import { type CloudApiSimulator, startCloudApiSimulator } from '../../src/providers/cloudapi/simulator.js';
import { startZenviaSimulator, type ZenviaSimulator } from '../../src/providers/sms/zenvia-sim.js';
import { type App, digits, openApp, pageClient, runTaskNow, screenshot, signInAsAdmin, skipBrowserTests } from './browser.js';

const TOKEN = 'EAAG-e2e-cloud-token-0001';
const APP_SECRET = 'e2e-app-secret-0001';

describe.skipIf(skipBrowserTests)('WhatsApp Cloud API: receipts, fallback to SMS and SAIR', () => {
  let app: App;
  let page: Page;
  let avisa: AvisaClient;
  let sim: CloudApiSimulator;
  let zenvia: ZenviaSimulator;
  const undeliverable: Record<string, number> = {};
  let box = 0;
  /** The distinct mobiles (digits) of the box's active logins. */
  let phones: string[] = [];
  let drainWhatsapp = 0;
  let drainSms = 0;
  let messageId = 0;
  let smsIntegrationId = 0;
  let smsMessageId = 0;
  /** Contacts of the box the first send skipped as opted out (the demo's own opt-out flags). */
  let optedOutBefore = 0;

  const db = () => app.server.database.db;

  beforeAll(async () => {
    [app, zenvia] = await Promise.all([openApp(), startZenviaSimulator()]);
    sim = await startCloudApiSimulator({ token: TOKEN, appSecret: APP_SECRET, webhookUrl: `${app.server.url}/webhooks/whatsapp`, outOfOrder: true, undeliverable });
    page = app.page;
    await signInAsAdmin(app);
    avisa = pageClient(page);
    const [chosen] = await queryRows<{ id: number }>(
      db(),
      sql`select l.ftth_box_id as id from logins l join clients c on c.id = l.client_id
           where l.active and l.ftth_box_id is not null and c.mobile_e164 is not null and not c.opt_out_whatsapp and not c.opt_out_sms
           group by 1 having count(distinct c.mobile_e164) between 3 and 12 order by count(*) desc, 1 limit 1`,
    );
    box = chosen!.id;
    phones = (
      await queryRows<{ phone: string }>(
        db(),
        sql`select distinct c.mobile_e164 as phone from logins l join clients c on c.id = l.client_id
             where l.ftth_box_id = ${box} and l.active and c.mobile_e164 is not null and not c.opt_out_whatsapp`,
      )
    )
      .map((r) => digits(r.phone))
      .sort();
    undeliverable[phones[0]!] = 131026;
    drainWhatsapp = (await avisa.tasks.create({ body: { type: 'drain_whatsapp', description: 'Fila WhatsApp', enabled: false, options: { budgetSeconds: 60 } } })).task.id;
    drainSms = (await avisa.tasks.create({ body: { type: 'drain_sms', description: 'Fila SMS', enabled: false, options: { budgetSeconds: 60 } } })).task.id;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await sim?.close();
    await zenvia?.close();
  });

  it('the admin configures the Cloud API integration; Testar conexão reads the number', async () => {
    await page.goto('/configuracoes/integracoes');
    await page.getByRole('button', { name: 'Nova integração' }).click();
    await page.getByLabel('Gateway').selectOption('cloudapi');
    expect(await page.getByLabel('Mensagens por segundo').inputValue()).toBe('80'); // the number's throughput
    await page.getByLabel('Descrição', { exact: true }).fill('WhatsApp Meta');
    await page.getByLabel('ID do número de telefone').fill('106540352242922');
    await page.getByLabel('ID da conta do WhatsApp Business (WABA)').fill('102290129340398');
    await page.getByLabel('Token de acesso', { exact: true }).fill(TOKEN);
    await page.getByLabel('Chave secreta do aplicativo').fill(APP_SECRET);
    await page.getByLabel('Token de verificação do webhook').fill('avisa-verifica');
    expect(await page.getByLabel('URL do webhook (cole no aplicativo da Meta)').inputValue()).toBe(`${app.server.url}/webhooks/whatsapp`);
    await page.getByLabel('URL da API').fill(sim.url);
    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await page.getByText('Integração “WhatsApp Meta” cadastrada.').waitFor();
    await page.getByRole('button', { name: 'Testar conexão' }).click();
    await page.getByRole('status').getByText('A Meta respondeu por Provedor Exemplo').waitFor();
    await screenshot(page, 'cloudapi-integracao.png');
    // Meta's subscription check answers with the verify token only
    const verify = await page.request.get('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=avisa-verifica&hub.challenge=42');
    expect(await verify.text()).toBe('42');
  });

  it('sends; the logs turn Lida and Entregue; the one WhatsApp could not reach gets the SMS fallback, once', async () => {
    const integration = (await avisa.integrations.list({ query: { channel: 'whatsapp' } })).integrations.find((i) => i.kind === 'cloudapi')!;
    const sms = (await avisa.integrations.create({ body: { kind: 'zenvia', description: 'SMS Zenvia', config: { baseUrl: zenvia.url, from: 'Avisa' }, secret: 'zenvia-sim-token' } })).integration;
    const smsMessage = (
      await avisa.messages.create({ body: { channel: 'sms', description: 'Queda (SMS)', integrationId: sms.id, purpose: 'outage', content: { text: 'Instabilidade na sua regiao. Previsao: {{previsao}}', freeFields: [{ key: 'previsao', label: 'Previsão', required: true }] } } })
    ).message;
    smsIntegrationId = sms.id;
    smsMessageId = smsMessage.id;
    messageId = (
      await avisa.messages.create({
        body: {
          channel: 'whatsapp',
          description: 'Queda (Meta)',
          integrationId: integration.id,
          purpose: 'outage',
          fallbackMessageId: smsMessage.id,
          content: {
            provider: 'cloudapi',
            templateName: 'aviso_instabilidade',
            language: 'pt_BR',
            variables: [{ type: 'field', field: 'primeiro_nome' }, { type: 'field', field: 'bairro' }, { type: 'free', key: 'previsao' }],
            freeFields: [{ key: 'previsao', label: 'Previsão', required: true }],
          },
        },
      })
    ).message.id;
    const first = await avisa.send.send({ body: { messageId, filter: { ftthBoxIds: [box] }, free: { previsao: '18h' } } });
    optedOutBefore = first.skipCounts.opted_out ?? 0;
    expect(await runTaskNow(avisa, drainWhatsapp)).toMatchObject({ status: 'succeeded', sent: phones.length, failed: 0 });
    expect(sim.sends.map((s) => s.to).sort()).toEqual(phones);
    await sim.settled();

    await page.goto('/configuracoes/logs');
    const rows = page.locator('tr[data-log]');
    await expect.poll(async () => {
      await page.getByRole('button', { name: 'Filtrar' }).click();
      return page.locator('[data-delivery="read"]').count();
    }, { timeout: 15_000 }).toBe(phones.length - 1);
    await rows.filter({ hasText: 'Falhou depois do envio' }).first().waitFor();
    await screenshot(page, 'cloudapi-logs.png');

    // the scheduler's fallback pass queues the SMS for the one WhatsApp did not reach; the drain sends it
    await expect.poll(async () => (await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from queue_items where message_id = ${smsMessage.id}`))[0]!.n, { timeout: 10_000 }).toBe(1);
    expect(await runTaskNow(avisa, drainSms)).toMatchObject({ status: 'succeeded', sent: 1 });
    expect(zenvia.sends.map((s) => s.to)).toEqual([phones[0]]);
    await new Promise((r) => setTimeout(r, 1500)); // a few more scheduler ticks: still one
    expect(zenvia.sends).toHaveLength(1);
  });

  it("the admin sets Meta's prices in Configurações › Envio; the send dialog estimates with them", async () => {
    await page.goto('/configuracoes/envio');
    const utility = page.getByLabel('Utilidade (por mensagem)');
    const currency = page.getByLabel('Moeda', { exact: true });
    // Meta's Brazil rates until changed
    expect(await utility.inputValue()).toBe('0,0068');
    expect(await page.getByLabel('Marketing (por mensagem)').inputValue()).toBe('0,0625');
    expect(await page.getByLabel('Autenticação (por mensagem)').inputValue()).toBe('0,0068');
    expect(await currency.inputValue()).toBe('USD');
    await utility.fill('0,04');
    await page.getByLabel('Marketing (por mensagem)').fill('0,35');
    await currency.fill('XYZ');
    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await page.getByText('Informe o código ISO da moeda, com 3 letras, como USD ou BRL.').waitFor();
    expect(await currency.getAttribute('aria-invalid')).toBe('true');
    await currency.fill('brl');
    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await page.getByText('Configurações de envio salvas.').waitFor();
    expect(await currency.inputValue()).toBe('BRL');
    await screenshot(page, 'envio-precos.png');

    const filter = { ftthBoxIds: [box] };
    const plan = await avisa.send.plan({ body: { messageId, filter, free: { previsao: '19h' } } });
    await page.goto(`/relatorios/status-logins?f=${encodeURIComponent(JSON.stringify(filter))}`);
    await page.getByRole('tab', { name: 'CRM' }).click();
    const crm = page.getByRole('tabpanel', { name: 'CRM' });
    await crm.getByLabel('Mensagem via Opa Suite').selectOption({ label: 'Queda (Meta)' });
    await crm.getByLabel('Previsão *').fill('19h');
    await crm.getByRole('button', { name: 'Enviar Omnichannel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirmar envio — Omnichannel (WhatsApp)' });
    const cost = dialog.getByTestId('send-cloud-cost');
    await cost.waitFor();
    const reais = (value: number) => new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(value);
    expect(plan.recipients).toBeGreaterThan(1);
    expect(await cost.innerText()).toBe(
      `Custo estimado na Meta: ${plan.recipients} mensagens de utilidade × ${reais(0.04)} ≈ ${reais(plan.recipients * 0.04)} (preços em Configurações › Envio; cobrado pela Meta só quando entregues).`,
    );
    expect(await dialog.getByText(/template é de marketing/).count()).toBe(0); // a utility template: no warning
    await dialog.getByRole('button', { name: 'Cancelar', exact: true }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it("Zenvia confirms the SMS; the failed WhatsApp line's timeline shows the chain to it", async () => {
    const { path } = await avisa.receipts.zenviaAddress({ params: { id: smsIntegrationId } });
    const [sms] = await queryRows<{ pmid: string }>(db(), sql`select provider_message_id as pmid from queue_items where message_id = ${smsMessageId}`);
    const delivered = { type: 'MESSAGE_STATUS', channel: 'sms', messageId: sms!.pmid, messageStatus: { timestamp: new Date().toISOString(), code: 'DELIVERED' } };
    expect((await page.request.post(path, { data: delivered })).ok()).toBe(true);
    await expect
      .poll(async () => (await avisa.logs.list({ query: { channel: 'sms' } })).rows.map((r) => r.delivery?.status), { timeout: 10_000 })
      .toEqual(['delivered']);

    await page.goto('/configuracoes/logs');
    const failed = page.locator('tr[data-log]').filter({ hasText: 'Falhou depois do envio' }).first();
    const toggle = failed.getByRole('button', { name: 'Linha do tempo' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const timeline = page.locator('.log-timeline');
    await timeline.locator('[data-chain="replacedBy"] [data-delivery="delivered"]').waitFor();
    // the simulator posted failed before sent: shown in the provider's order, with Meta's code
    expect(await timeline.locator('[data-step]').evaluateAll((steps) => steps.map((s) => s.getAttribute('data-step')))).toEqual(['attempt', 'sent', 'failed']);
    expect(await timeline.locator('[data-step="failed"]').innerText()).toContain('131026 — Message undeliverable');
    expect(await timeline.locator('[data-final]').innerText()).toBe('Falhou depois do envio');
    expect(await timeline.locator('[data-chain="replacedBy"]').innerText()).toMatch(/→ Fallback por SMS · linha \d+: Aceita pelo provedor .+ → Entregue/);
    await screenshot(page, 'cloudapi-linha-do-tempo.png');
  });

  it('a subscriber replies SAIR: listed on Descadastros, confirmed, and skipped by the next send', async () => {
    const leaving = phones[1]!;
    const reply = await page.request.post(`${sim.url}/__sim/inbound`, { data: { from: leaving, text: 'SAIR' } });
    expect(reply.ok()).toBe(true);
    await sim.settled();
    await expect.poll(() => sim.texts.map((t) => t.to)).toEqual([leaving]);
    await page.goto('/crm/descadastros');
    await page.locator(`tr[data-suppression="+${leaving}"]`).getByText('Respondeu com a palavra').waitFor();
    await screenshot(page, 'descadastros.png');

    const before = sim.sends.length;
    const next = await avisa.send.send({ body: { messageId, filter: { ftthBoxIds: [box] }, free: { previsao: '20h' }, repeatRecent: true, repeatReason: 'segundo aviso' } });
    // each of the subscriber's logins on the box is skipped as opted out
    expect(next.skipCounts.opted_out ?? 0).toBeGreaterThan(optedOutBefore);
    await new Promise((r) => setTimeout(r, 6500)); // the simulator's pair rate (one message per 6 s to a user)
    await runTaskNow(avisa, drainWhatsapp);
    const to = sim.sends.slice(before).map((s) => s.to);
    expect(to).not.toContain(leaving);
    expect(to.length).toBeGreaterThan(0);
  }, 30_000);
});
