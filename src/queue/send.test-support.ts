/** A WhatsApp message (free field `previsao`) and an e-mail message on simulated integrations, for send tests. */
import type { Database } from '../db/database.js';
import { integrations, messages } from '../db/schema/messaging.js';

export async function addMessages(database: Database): Promise<{ whatsapp: number; email: number }> {
  const [opa] = await database.db
    .insert(integrations)
    .values({ kind: 'opa', channel: 'whatsapp', description: 'Opa', config: { url: 'http://127.0.0.1:9/api/v1' } })
    .returning({ id: integrations.id });
  const [smtp] = await database.db
    .insert(integrations)
    .values({ kind: 'smtp', channel: 'email', description: 'SMTP', config: { host: '127.0.0.1', from: 'a@b.c' } })
    .returning({ id: integrations.id });
  const [whatsapp] = await database.db
    .insert(messages)
    .values({
      channel: 'whatsapp',
      description: 'Aviso',
      integrationId: opa!.id,
      content: {
        opaChannelId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
        opaChannelName: 'WhatsApp',
        templateId: 'bbbbbbbbbbbbbbbbbbbbbbbb',
        templateAtalho: 'aviso',
        templateText: 'Olá {{nome}}, previsão {{p}}',
        variables: [{ type: 'field', field: 'primeiro_nome' }, { type: 'free', key: 'previsao' }],
        freeFields: [{ key: 'previsao', label: 'Previsão', required: true }],
      },
    })
    .returning({ id: messages.id });
  const [email] = await database.db
    .insert(messages)
    .values({
      channel: 'email',
      description: 'Aviso e-mail',
      integrationId: smtp!.id,
      content: { subject: 'Aviso {{login}}', text: 'Olá {{nome_cliente}}', freeFields: [] },
    })
    .returning({ id: messages.id });
  return { whatsapp: whatsapp!.id, email: email!.id };
}
