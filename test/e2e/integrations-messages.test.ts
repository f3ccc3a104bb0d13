/**
 * Configurações › Integrações and Sistema › CRM › Mensagens end to end, against the in-process Opa! Suite
 * simulator: an Opa integration set up as an admin pastes it (server error under the field, Testar conexão,
 * Canais), a WhatsApp message built from a live template with its variables mapped, Pré-visualizar for a real
 * login, Salvar, and the 409 when deleting an integration a message uses.
 * Needs `npm run build` first. Also saves the screenshots (into docs/screenshots with AVISA_UPDATE_SCREENSHOTS=1) integracoes.png and mensagem-omnichannel.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpaSimulator, startOpaSimulator } from '../../src/providers/opa/simulator.js';
import type { ResponseOf } from '../../src/client/client.js';
import type { reportContract } from '../../src/report/contract.js';
import { type App, openApp, pageClient, screenshot, signIn, skipBrowserTests } from './browser.js';

type LoginRow = ResponseOf<typeof reportContract.query>['rows'][number];

const FREE_VALUE = 'hoje às 18h';

describe.skipIf(skipBrowserTests)('integrations and messages', () => {
  let app: App;
  let page: Page;
  let opa: OpaSimulator;

  beforeAll(async () => {
    [app, opa] = await Promise.all([openApp(), startOpaSimulator()]);
    page = app.page;
    await page.goto('/login');
    await signIn(page, app.server.admin.username, app.server.admin.password);
    await page.waitForURL(`${app.server.url}/`);
  });

  afterAll(async () => {
    await app?.close();
    await opa?.close();
  });

  const form = () => page.getByRole('region', { name: /^(Nova integração|Integração “)/ });
  let target: LoginRow | undefined;


  it('creates an Opa! Suite integration as pasted, tests it and lists its channels', async () => {
    await page.getByRole('link', { name: 'Integrações' }).click();
    await page.getByText('Nenhuma integração cadastrada ainda.').waitFor();
    await page.getByRole('button', { name: 'Nova integração' }).click();
    expect(await page.getByLabel('Gateway').inputValue()).toBe('opa');
    await page.getByLabel('Descrição', { exact: true }).fill('Opa Suporte');
    await page.getByLabel('Token', { exact: true }).fill(opa.token);

    // Not an address: the server's reason appears under URL.
    await page.getByLabel('URL', { exact: true }).fill('suporte');
    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await page.locator('#int-url-error').waitFor();
    expect(await page.getByLabel('URL', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#int-url-error').innerText()).toMatch(/not a web address/);

    // As an Opa user pastes it: the address of the agent screen.
    await page.getByLabel('URL', { exact: true }).fill(`${opa.url}/atendente`);
    await page.getByRole('button', { name: 'Testar conexão' }).click();
    await form().getByText('Conexão OK.').waitFor();
    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await page.getByText('Integração “Opa Suporte” cadastrada.').waitFor();
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe(opa.baseUrl); // normalised …/api/v1
    expect(await page.getByLabel('Token', { exact: true }).getAttribute('placeholder')).toBe(`••••••••${opa.token.slice(-4)}`);

    const channels = page.getByRole('table', { name: 'Canais' });
    await channels.getByRole('cell', { name: 'WhatsApp Suporte', exact: true }).waitFor();
    expect(await channels.getByRole('row').filter({ hasText: 'WhatsApp antigo' }).innerText()).toContain('Inativo');

    // Tested again once saved: now it is the integration's last check, shown in the list.
    await page.getByRole('button', { name: 'Testar conexão' }).click();
    const row = page.getByRole('table', { name: 'WhatsApp' }).getByRole('row').filter({ hasText: 'Opa Suporte' });
    await row.getByText('OK', { exact: true }).waitFor();
    expect(await row.innerText()).toContain(opa.baseUrl);
    expect(await row.innerText()).toContain('Opa! Suite');
    await screenshot(page, 'integracoes.png');
  });

  it('builds a WhatsApp message from a live template, previews it for a login and saves it', async () => {
    const query = await pageClient(page).report.query({
      body: { filter: { hasValidMobile: true, optedOutWhatsapp: false }, page: 1, pageSize: 50 },
    });
    target = query.rows.find((r) => r.clientName && r.mobile?.display);
    expect(target).toBeDefined();
    const firstName = (target?.clientName ?? '').trim().split(/\s+/)[0] ?? '';

    await page.getByRole('link', { name: 'Mensagens' }).click();
    await page.getByText('Nenhuma mensagem cadastrada ainda.').waitFor();
    await page.getByRole('button', { name: 'Nova mensagem' }).click();
    const editor = page.getByRole('region', { name: 'Nova mensagem' });
    expect(await editor.getByLabel('Tipo comunicação', { exact: true }).inputValue()).toBe('whatsapp');
    await editor.getByLabel('Descrição', { exact: true }).fill('Aviso de instabilidade');
    await editor.getByLabel('Integração', { exact: true }).selectOption({ label: 'Opa Suporte' });

    await page.getByRole('button', { name: 'Buscar canais' }).click();
    expect(await page.getByRole('radio', { name: 'WhatsApp antigo (desativado)' }).isDisabled()).toBe(true);
    await page.getByRole('radio', { name: 'WhatsApp Suporte', exact: true }).click(); // the list closes on a pick
    await page.getByRole('button', { name: 'Buscar template' }).click();
    await page.getByRole('radio', { name: 'aviso_instabilidade', exact: true }).click();
    expect(await page.getByLabel('Texto do template').inputValue()).toContain('identificamos uma instabilidade');

    // {{nome}} and {{bairro}} come mapped; {{previsao}} goes to a free field typed at send time.
    expect(await page.getByLabel('Valor da variável 1 (nome)').inputValue()).toBe('primeiro_nome');
    expect(await page.getByLabel('Valor da variável 2 (bairro)').inputValue()).toBe('bairro');
    await page.getByRole('button', { name: 'Adicionar campo livre' }).click();
    await page.getByLabel('Chave do campo livre 1').fill('previsao_retorno');
    await page.getByLabel('Rótulo do campo livre 1').fill('Previsão de retorno');
    await page.getByLabel('Origem da variável 3 (previsao)').selectOption('free');
    await page.getByLabel('Valor da variável 3 (previsao)').selectOption('previsao_retorno');

    await page.getByLabel('Login', { exact: true }).fill(target?.login ?? '');
    await page.getByLabel('Previsão de retorno', { exact: true }).fill(FREE_VALUE);
    await page.getByRole('button', { name: 'Pré-visualizar', exact: true }).click();
    const text = await page.getByTestId('preview-text').innerText();
    expect(text.toLowerCase()).toContain(`olá ${firstName.toLowerCase()},`);
    expect(text).toContain(`Previsão de normalização: ${FREE_VALUE}.`);
    expect(await page.getByTestId('preview-recipient').innerText()).toContain(target?.mobile?.display ?? '?');
    expect(await page.getByRole('table', { name: 'Valores das variáveis' }).innerText()).toContain(FREE_VALUE);
    await screenshot(page, 'mensagem-omnichannel.png');

    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await page.getByText('Mensagem “Aviso de instabilidade” cadastrada.').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Aviso de instabilidade' });
    expect(await row.innerText()).toMatch(/WhatsApp[\s\S]*aviso_instabilidade[\s\S]*Opa Suporte[\s\S]*Sim/);

    const [saved] = (await pageClient(page).messages.list()).messages;
    if (saved?.channel !== 'whatsapp') throw new Error(`expected the WhatsApp message, got ${saved?.channel}`);
    expect(saved.content.variables).toEqual([
      { type: 'field', field: 'primeiro_nome' },
      { type: 'field', field: 'bairro' },
      { type: 'free', key: 'previsao_retorno' },
    ]);

    // The template is deleted in Opa! Suite: saving the message again says so under Template, in Portuguese.
    const templateId = 'templateId' in saved.content ? saved.content.templateId : '';
    expect(opa.removeTemplate(templateId)).toBe(true);
    await page.getByRole('button', { name: 'Editar Aviso de instabilidade' }).click();
    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await page
      .getByText(`O template ${templateId} não existe mais no canal “WhatsApp Suporte”: escolha-o de novo com Buscar template`)
      .waitFor();
    expect(await page.getByText('no longer exists', { exact: false }).count()).toBe(0);
    await page.getByRole('button', { name: 'Fechar', exact: true }).click();
  });

  it('builds an e-mail with variables inserted at the cursor and previews its HTML in a sandbox', async () => {
    await page.getByRole('link', { name: 'Integrações' }).click();
    await page.getByRole('button', { name: 'Nova integração' }).click();
    await page.getByLabel('Gateway').selectOption('smtp');
    await page.getByLabel('Descrição', { exact: true }).fill('E-mail avisos');
    await page.getByLabel('Servidor', { exact: true }).fill('smtp.example.com');
    await page.getByLabel('Remetente (From)').fill('Provedor Exemplo <avisos@example.com>');
    expect(await page.getByLabel('Porta').inputValue()).toBe('587');
    await page.getByLabel('Segurança').selectOption('tls');
    expect(await page.getByLabel('Porta').inputValue()).toBe('465');
    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await page.getByText('Integração “E-mail avisos” cadastrada.').waitFor();
    expect(await page.getByRole('table', { name: 'E-mail' }).innerText()).toContain('smtp.example.com:465');

    await page.getByRole('link', { name: 'Mensagens' }).click();
    await page.getByRole('button', { name: 'Nova mensagem' }).click();
    const editor = page.getByRole('region', { name: 'Nova mensagem' });
    await editor.getByLabel('Tipo comunicação', { exact: true }).selectOption('email');
    await editor.getByLabel('Descrição', { exact: true }).fill('Aviso por e-mail');
    // the only one, chosen once the channel's integrations have loaded
    await expect.poll(() => editor.getByLabel('Integração', { exact: true }).inputValue()).not.toBe('');
    await page.getByLabel('Assunto').fill('Falha na região ');
    await page.getByRole('button', { name: 'Inserir variável bairro' }).click();
    expect(await page.getByLabel('Assunto').inputValue()).toBe('Falha na região {{bairro}}');
    await page.getByLabel('Corpo texto').fill('Olá , estamos trabalhando nisso.');
    await page.getByLabel('Corpo texto').evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(4, 4));
    await page.getByRole('button', { name: 'Inserir variável primeiro_nome' }).click();
    expect(await page.getByLabel('Corpo texto').inputValue()).toBe('Olá {{primeiro_nome}}, estamos trabalhando nisso.');
    await page.getByLabel('Corpo HTML (opcional)').fill('<p>Olá <b>{{primeiro_nome}}</b></p>');

    await page.getByLabel('Login', { exact: true }).fill(target?.login ?? '');
    await page.getByRole('button', { name: 'Pré-visualizar', exact: true }).click();
    const subject = await page.getByTestId('preview-subject').innerText();
    expect(subject).toMatch(/^Falha na região /);
    expect(subject).not.toContain('{{');
    const firstName = (target?.clientName ?? '').trim().split(/\s+/)[0] ?? '';
    const html = page.frameLocator('iframe[title="Corpo HTML"]').locator('b');
    expect((await html.innerText()).toLowerCase()).toBe(firstName.toLowerCase());
    expect(await page.locator('iframe[title="Corpo HTML"]').getAttribute('sandbox')).toBe('');

    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await page.getByText('Mensagem “Aviso por e-mail” cadastrada.').waitFor();
    await page.locator('#msg-filter-channel').selectOption('email');
    await page.getByRole('button', { name: 'Editar Aviso por e-mail' }).waitFor();
    expect(await page.getByRole('button', { name: 'Editar Aviso de instabilidade' }).count()).toBe(0);
  });

  it("shows the server's reason when an integration in use cannot be deleted", async () => {
    await page.getByRole('link', { name: 'Integrações' }).click();
    await page.getByRole('button', { name: 'Editar Opa Suporte' }).click();
    await page.getByRole('button', { name: 'Excluir', exact: true }).click();
    await page.getByRole('button', { name: 'Confirmar exclusão' }).click();
    const alert = form().getByRole('alert').filter({ hasText: 'Opa Suporte' });
    expect(await alert.innerText()).toContain(
      'A integração “Opa Suporte” é usada por 1 mensagem(ns): exclua-as ou mude-as de integração antes',
    );
    expect(await alert.innerText()).not.toMatch(/used by/);
    expect(await page.getByRole('table', { name: 'WhatsApp' }).getByRole('row').filter({ hasText: 'Opa Suporte' }).innerText()).toMatch(
      /\b1\b/,
    );
  });

  it('lets an operator read the integrations and preview a saved message, without editing', async () => {
    const user = { username: 'operador', name: 'Otávio Operador', role: 'operator' as const, password: 'senha-do-operador' };
    await pageClient(page).users.create({ body: user });
    const context = await page.context().browser()!.newContext({
      baseURL: app.server.url,
      viewport: { width: 1280, height: 800 },
      locale: 'pt-BR',
    });
    const operator = await context.newPage();
    operator.setDefaultTimeout(5_000);
    try {
      await operator.goto('/login');
      await signIn(operator, user.username, user.password);
      await operator.waitForURL(`${app.server.url}/`);
      await operator.getByRole('link', { name: 'Integrações' }).click();
      await operator.getByRole('table', { name: 'WhatsApp' }).getByText('Opa Suporte').waitFor();
      expect(await operator.getByRole('button', { name: 'Nova integração' }).count()).toBe(0);
      expect(await operator.getByRole('button', { name: /^Editar / }).count()).toBe(0);

      await operator.getByRole('link', { name: 'Mensagens' }).click();
      expect(await operator.getByRole('button', { name: 'Nova mensagem' }).count()).toBe(0);
      await operator.getByRole('button', { name: 'Visualizar Aviso de instabilidade' }).click();
      expect(await operator.getByLabel('Descrição', { exact: true }).isDisabled()).toBe(true);
      expect(await operator.getByRole('button', { name: 'Buscar canais' }).count()).toBe(0);
      expect(await operator.getByRole('button', { name: 'Salvar', exact: true }).count()).toBe(0);
      await operator.getByLabel('Login', { exact: true }).fill(target?.login ?? '');
      await operator.getByLabel('Previsão de retorno', { exact: true }).fill('amanhã cedo');
      await operator.getByRole('button', { name: 'Pré-visualizar', exact: true }).click();
      expect(await operator.getByTestId('preview-text').innerText()).toContain('Previsão de normalização: amanhã cedo.');
    } finally {
      await context.close();
    }
  });
});
