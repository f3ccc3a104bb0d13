import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { settings } from '../db/schema/access.js';
import { clients, logins } from '../db/schema/subscribers.js';
import { fillClientContacts } from '../ingest/derived.js';
import { listConsents, recordConsents, revokeConsent } from '../optout/consents.js';
import { backends } from '../test-support/databases.js';
import { seedSmallIsp } from '../test-support/seed.js';
import { previewMessage } from './preview.js';
import { type MessageDraft, messageInputSchema, type MessageInput } from './schemas.js';

const TZ = 'America/Sao_Paulo';
const draft = (input: Omit<MessageInput, 'description' | 'integrationId'>): MessageDraft =>
  messageInputSchema.parse({ description: 'Teste', integrationId: 1, ...input } as MessageInput);

const whatsapp = draft({
  channel: 'whatsapp',
  content: {
    opaChannelId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    templateId: 'bbbbbbbbbbbbbbbbbbbbbbbb',
    templateText: 'Olá {{nome}}, falha na região {{bairro}} desde {{desde}}. Previsão: {{previsao}}. {{assinatura}}',
    variables: [
      { type: 'field', field: 'primeiro_nome' },
      { type: 'field', field: 'bairro' },
      { type: 'field', field: 'offline_desde' },
      { type: 'free', key: 'previsao_retorno' },
      { type: 'literal', value: 'Equipe {{empresa}}' },
    ],
    freeFields: [{ key: 'previsao_retorno', label: 'Previsão de retorno' }],
  },
}) as Extract<MessageDraft, { channel: 'whatsapp' }>;

describe.each(backends)('message preview on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
    await seedSmallIsp(database.db);
    await database.db.update(clients).set({ name: 'BRUNO\nLIMA     DA SILVA', email: 'bruno@example.com' }).where(eq(clients.id, 2));
    await database.db.update(clients).set({ name: 'Ana <b>& Cia</b>', email: 'ana@example.com' }).where(eq(clients.id, 1));
    await database.db.update(clients).set({ mobile: '(48) 3222-1100', optOutSms: true }).where(eq(clients.id, 3));
    await database.db.insert(settings).values({ key: 'company', value: { name: 'Provedor Exemplo' } });
    await database.db
      .update(logins)
      .set({ sessionEndedAt: new Date('2026-11-24T17:05:00Z') })
      .where(eq(logins.id, 2));
    await fillClientContacts(database.db);
  });
  afterAll(() => database.close());

  it('fills WhatsApp variables by position, sanitised as Meta requires, in the installation time zone', async () => {
    const preview = await previewMessage(database.db, whatsapp, { login: 'bruno.lima' }, { previsao_retorno: ' 18h ' }, TZ);
    expect(preview.variables.map((v) => v.value)).toEqual(['Bruno', 'Centro', '24/11/2026 às 14:05', '18h', 'Equipe {{empresa}}']);
    expect(preview.text).toBe('Olá Bruno, falha na região Centro desde 24/11/2026 às 14:05. Previsão: 18h. Equipe {{empresa}}');
    expect(preview.contact).toEqual({ value: '+5548999110001', display: '+55 (48) 99911-0001', problem: null });
    expect(preview.empty).toEqual([]);
  });

  it('removes line breaks and long space runs from values and flags empty ones', async () => {
    const nameOnly = draft({
      channel: 'whatsapp',
      content: { ...whatsapp.content, templateText: '{{a}} / {{b}}', variables: [{ type: 'field', field: 'nome_cliente' }, { type: 'field', field: 'offline_desde' }], freeFields: [] },
    });
    const preview = await previewMessage(database.db, nameOnly, { login: 'ana.souza' }, {}, TZ);
    expect(preview.variables[1]).toEqual({ placeholder: 'b', value: '', empty: true });
    expect(preview.empty).toEqual(['b']);
    const bruno = await previewMessage(database.db, nameOnly, { loginId: 2 }, {}, TZ);
    expect(bruno.variables[0]!.value).toBe('BRUNO LIMA DA SILVA');
  });

  it('renders e-mail subject, text and HTML, escaping values only in the HTML', async () => {
    const email = draft({
      channel: 'email',
      content: {
        subject: 'Aviso {{empresa}}: manutenção em {{cidade}}',
        text: 'Olá {{nome_cliente}}, login {{login}}.',
        html: '<p>Olá <strong>{{nome_cliente}}</strong></p>',
      },
    });
    const preview = await previewMessage(database.db, email, { login: 'ana.souza' }, {}, TZ);
    expect(preview.subject).toBe('Aviso Provedor Exemplo: manutenção em Florianópolis');
    expect(preview.text).toBe('Olá Ana <b>& Cia</b>, login ana.souza.');
    expect(preview.html).toBe('<p>Olá <strong>Ana &lt;b&gt;&amp; Cia&lt;/b&gt;</strong></p>');
    expect(preview.contact).toEqual({ value: 'ana@example.com', display: 'ana@example.com', problem: null });
  });

  it('says why a recipient cannot get the message', async () => {
    const sms = draft({ channel: 'sms', content: { text: 'Olá {{primeiro_nome}}' } });
    const optedOut = await previewMessage(database.db, sms, { login: 'carla.dias' }, {}, TZ);
    expect(optedOut.contact.problem).toBe('opted_out');
    const email = draft({ channel: 'email', content: { subject: 'x', text: 'y' } });
    const noEmail = await previewMessage(database.db, email, { login: 'diego.alves' }, {}, TZ);
    expect(noEmail.contact).toEqual({ value: null, display: null, problem: 'missing' });
  });

  it('a marketing message needs recorded consent on its channel, as the send does; a service notice does not', async () => {
    const promo = draft({ channel: 'sms', purpose: 'marketing', content: { text: 'Plano novo, {{primeiro_nome}}!' } });
    const mail = draft({ channel: 'email', purpose: 'marketing', content: { subject: 'Plano novo', text: 'Olá' } });
    const service = draft({ channel: 'sms', purpose: 'outage', content: { text: 'Queda' } });
    expect((await previewMessage(database.db, promo, { login: 'bruno.lima' }, {}, TZ)).contact).toEqual({
      value: '+5548999110001',
      display: '+55 (48) 99911-0001',
      problem: 'no_consent',
    });
    expect((await previewMessage(database.db, mail, { login: 'ana.souza' }, {}, TZ)).contact.problem).toBe('no_consent');
    expect((await previewMessage(database.db, service, { login: 'bruno.lima' }, {}, TZ)).contact.problem).toBeNull();
    // opted out and no contact at all come first, as in the send's skip reasons
    expect((await previewMessage(database.db, promo, { login: 'carla.dias' }, {}, TZ)).contact.problem).toBe('opted_out');
    expect((await previewMessage(database.db, mail, { login: 'diego.alves' }, {}, TZ)).contact.problem).toBe('missing');

    // consent on another channel does not count; on this one (any format, any case) it does, until revoked
    await recordConsents(database.db, { entries: [{ channel: 'whatsapp', contact: '48999110001' }, { channel: 'email', contact: 'ANA@example.com' }] }, 'admin');
    expect((await previewMessage(database.db, promo, { login: 'bruno.lima' }, {}, TZ)).contact.problem).toBe('no_consent');
    expect((await previewMessage(database.db, mail, { login: 'ana.souza' }, {}, TZ)).contact.problem).toBeNull();
    await recordConsents(database.db, { entries: [{ channel: 'sms', contact: '(48) 99911-0001' }] }, 'admin');
    expect((await previewMessage(database.db, promo, { login: 'bruno.lima' }, {}, TZ)).contact.problem).toBeNull();
    const [consent] = (await listConsents(database.db, { channel: 'sms', page: 1, pageSize: 1 })).entries;
    await revokeConsent(database.db, consent!.id, 'admin');
    expect((await previewMessage(database.db, promo, { login: 'bruno.lima' }, {}, TZ)).contact.problem).toBe('no_consent');
  });

  it('names the field of every refusal', async () => {
    await expect(previewMessage(database.db, whatsapp, { login: 'bruno.lima' }, {}, TZ)).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'free.previsao_retorno',
    });
    const unknown = draft({ channel: 'sms', content: { text: 'Olá {{apelido}}' } });
    await expect(previewMessage(database.db, unknown, { login: 'bruno.lima' }, {}, TZ)).rejects.toMatchObject({
      field: 'content.text',
      message: expect.stringContaining('{{apelido}}'),
    });
    await expect(previewMessage(database.db, whatsapp, { login: 'nobody' }, { previsao_retorno: 'x' }, TZ)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const short = draft({ channel: 'whatsapp', content: { ...whatsapp.content, variables: whatsapp.content.variables.slice(0, 2) } });
    await expect(previewMessage(database.db, short, { login: 'bruno.lima' }, {}, TZ)).rejects.toMatchObject({
      field: 'content.variables',
      message: expect.stringContaining('has 5 variable(s) but 2'),
    });
  });
});
