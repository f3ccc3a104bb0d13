import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../audit/audit.js';
import { type OpaSimulator, startOpaSimulator } from '../../providers/opa/simulator.js';
import { backends } from '../../test-support/databases.js';
import { type Method, openRouteApp, type Role, type RouteApp } from '../../test-support/route-app.js';
import { seedSmallIspWithContacts } from '../../test-support/seed.js';
import { noticeText } from '../../shared/notice-text.js';

const MAIN_CHANNEL = '65a1f0c2b7e4d93a1c0f1a01';
const AVISO = '65a1f3d8b7e4d93a1c0f2b01';

const seed = seedSmallIspWithContacts;

describe.each(backends)('Integrações and Mensagens API on $name', (backend) => {
  let t: RouteApp;
  let opa: OpaSimulator;

  beforeAll(async () => {
    opa = await startOpaSimulator();
    t = await openRouteApp(backend, { seed });
  });
  afterAll(async () => {
    await t?.close();
    await opa?.close();
  });

  const call = (method: Method, url: string, payload?: unknown, who: Role = 'admin') => t.call(method, url, who, payload);

  let opaId = 0;

  it('creates an Opa integration from the pasted address; the token never comes back, not even in the audit', async () => {
    const res = await call('POST', '/api/integrations', {
      kind: 'opa',
      description: 'Opa Suite',
      config: { url: `${opa.url}/atendente`, timeoutSeconds: 5 },
      secret: opa.token,
    });
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toContain(opa.token);
    const integration = res.json().integration;
    opaId = integration.id;
    expect(integration).toMatchObject({ config: { url: `${opa.url}/api/v1` }, hasSecret: true });
    const list = await call('GET', '/api/integrations', undefined, 'operator');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(opa.token);
    const audit = await listAudit(t.database.db, { page: 1, pageSize: 50 });
    expect(JSON.stringify(audit)).not.toContain(opa.token);
    expect(JSON.stringify(audit)).toContain('secretChanged');
    expect((await call('POST', '/api/integrations', { kind: 'opa', description: 'x', config: {} }, 'operator')).statusCode).toBe(403);
  });

  it('tests the connection, lists channels and templates live, and reports Opa failures with its message', async () => {
    const check = await call('POST', `/api/integrations/${opaId}/check`);
    expect(check.json()).toMatchObject({ result: { ok: true }, integration: { lastCheck: { ok: true } } });
    const channels = (await call('GET', `/api/integrations/${opaId}/opa/channels`)).json().channels;
    expect(channels.find((c: { id: string }) => c.id === MAIN_CHANNEL)).toMatchObject({ usable: true, kind: 'Whatsapp' });
    const templates = (await call('GET', `/api/integrations/${opaId}/opa/channels/${MAIN_CHANNEL}/templates`)).json().templates;
    expect(templates.find((t: { id: string }) => t.id === AVISO)).toMatchObject({
      atalho: 'aviso_instabilidade',
      placeholders: ['nome', 'bairro', 'previsao'],
    });
    const limit = await call('GET', `/api/integrations/${opaId}/opa/channels/${MAIN_CHANNEL}/daily-limit`, undefined, 'operator');
    expect(limit.json().limit).toMatchObject({ dailyLimit: 1000 });

    const wrong = await call('POST', '/api/integrations/check', {
      id: opaId,
      kind: 'opa',
      description: 'Opa Suite',
      config: { url: opa.url },
      secret: 'not-the-token',
    });
    expect(wrong.json().result).toMatchObject({ ok: false, kind: 'config', status: 401 });
    const unsavedOk = await call('POST', '/api/integrations/check', { id: opaId, kind: 'opa', description: 'Opa Suite', config: { url: opa.url } });
    expect(unsavedOk.json().result.ok).toBe(true);

    opa.setFaults({ errorRate: 1 });
    const down = await call('GET', `/api/integrations/${opaId}/opa/channels`);
    opa.setFaults({ errorRate: 0 });
    expect(down.statusCode).toBe(502);
    expect(down.json().error.message).toMatch(/^Opa! Suite: /);
  });

  const whatsapp = () => ({
    channel: 'whatsapp',
    description: 'Aviso de instabilidade',
    integrationId: opaId,
    content: {
      opaChannelId: MAIN_CHANNEL,
      templateId: AVISO,
      templateText: 'stale text from the browser {{x}}',
      variables: [
        { type: 'field', field: 'primeiro_nome' },
        { type: 'field', field: 'bairro' },
        { type: 'free', key: 'previsao_retorno' },
      ],
      freeFields: [{ key: 'previsao_retorno', label: 'Previsão de retorno' }],
    },
  });

  it('saves a WhatsApp message with the template text read from Opa, and previews it for a login', async () => {
    const res = await call('POST', '/api/messages', whatsapp());
    expect(res.statusCode).toBe(201);
    const message = res.json().message;
    expect(message.content).toMatchObject({ templateAtalho: 'aviso_instabilidade', opaChannelName: 'WhatsApp Suporte' });
    expect(message.content.templateText).toMatch(/^Olá \{\{nome\}\}, identificamos/);
    const preview = await call('POST', `/api/messages/${message.id}/preview`, { login: 'bruno.lima', free: { previsao_retorno: 'hoje às 18h' } }, 'operator');
    expect(preview.statusCode).toBe(200);
    expect(preview.json().preview.text).toBe(
      'Olá Bruno, identificamos uma instabilidade no serviço de internet na região Centro. Nossa equipe já está atuando. Previsão de normalização: hoje às 18h.',
    );
    expect(preview.json().preview.contact.display).toBe('+55 (48) 99911-0001');
  });

  it('refuses a message whose template is gone or whose mappings do not match, naming the field', async () => {
    const gone = { ...whatsapp(), description: 'Outro', content: { ...whatsapp().content, templateId: 'ffffffffffffffffffffffff' } };
    const res = await call('POST', '/api/messages', gone);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      field: 'content.templateId',
      message: expect.stringMatching(/^content\.templateId: template ffffffffffffffffffffffff no longer exists on channel/),
      // what the form shows under the field, in the reader's language
      notice: { code: 'opa_template_gone', params: { template: 'ffffffffffffffffffffffff', channelName: expect.any(String) } },
    });
    expect(noticeText(res.json().error.notice, 'pt-BR')).toMatch(/^O template ffffffffffffffffffffffff não existe mais no canal “.+”: escolha-o de novo/);
    const short = { ...whatsapp(), description: 'Curto', content: { ...whatsapp().content, variables: whatsapp().content.variables.slice(1) } };
    const shortError = (await call('POST', '/api/messages', short)).json().error;
    expect(shortError).toMatchObject({ field: 'content.variables', notice: { code: 'variable_count', params: { expected: 3, given: 2 } } });
    expect(noticeText(shortError.notice, 'pt-BR')).toBe('o template tem 3 variável(is), mas vieram 2 mapeamento(s); mapeie cada uma, em ordem');
    const emailOnOpa = { channel: 'email', description: 'E', integrationId: opaId, content: { subject: 's', text: 't' } };
    expect((await call('POST', '/api/messages', emailOnOpa)).json().error).toMatchObject({
      field: 'integrationId',
      notice: { code: 'message_integration_channel', params: { channel: 'whatsapp' } },
    });
    const duplicate = await call('POST', '/api/messages', { ...whatsapp(), description: 'AVISO DE INSTABILIDADE' });
    expect(duplicate.statusCode).toBe(409);
    expect((await call('DELETE', `/api/integrations/${opaId}`)).statusCode).toBe(409);
  });

  it('previews an unsaved SMS draft and lists the system variables', async () => {
    const sms = await call('POST', '/api/integrations', {
      kind: 'smsdev',
      description: 'SMS Dev',
      config: { baseUrl: 'http://127.0.0.1:9' },
      secret: 'chave-smsdev-0001',
    });
    expect(sms.statusCode).toBe(201);
    const draft = { channel: 'sms', description: 'Queda', integrationId: sms.json().integration.id, content: { text: '{{empresa}}: {{primeiro_nome}}, queda em {{cidade}}.' } };
    const preview = await call('POST', '/api/messages/preview', { message: draft, login: 'ana.souza' }, 'operator');
    expect(preview.json().preview).toMatchObject({ text: ': Ana, queda em Florianópolis.', empty: ['empresa'] });
    const variables = (await call('GET', '/api/messages/variables', undefined, 'operator')).json().variables;
    expect(variables.map((v: { key: string }) => v.key)).toEqual(expect.arrayContaining(['primeiro_nome', 'offline_desde', 'caixa_ftth']));
  });

  it('refuses to list Opa channels, templates or limits of an integration that is not Opa, naming the id', async () => {
    const [smsDev] = (await call('GET', '/api/integrations')).json().integrations.filter((i: { kind: string }) => i.kind === 'smsdev');
    for (const url of ['opa/channels', `opa/channels/${MAIN_CHANNEL}/templates`, `opa/channels/${MAIN_CHANNEL}/daily-limit`]) {
      const res = await call('GET', `/api/integrations/${smsDev.id}/${url}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toEqual({
        code: 'VALIDATION',
        field: 'id',
        message: `id: integration ${smsDev.id} ("SMS Dev") is smsdev, not an Opa! Suite integration`,
      });
    }
    expect((await call('GET', '/api/integrations/999999/opa/channels')).statusCode).toBe(404);
  });
});
