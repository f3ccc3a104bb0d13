import { describe, expect, it } from 'vitest';
import { opaStatus, readOpaWebhook } from './opa-webhook.js';

describe("Opa! Suite's webhook reader", () => {
  it('reads status words in Portuguese or English, and nothing else as a receipt', () => {
    const words = ['Enviada', 'sent', 'Entregue', 'DELIVERED', 'Lida', 'read', 'Não entregue', 'falha no envio', 'erro', 'inválida', 'aguardando', ''];
    expect(words.map(opaStatus)).toEqual(['sent', 'sent', 'delivered', 'delivered', 'read', 'read', 'failed', 'failed', 'failed', null, null, null]);
  });

  it('takes a list of events, keeps a failure reason, and never reads our own message as a reply', () => {
    const { receipts, inbound } = readOpaWebhook([
      { messageSentId: 'm1', status: 'falha', erro: 'Número inválido', timestamp: 1_700_000_000 },
      { messageSentId: 'm2', status: 'aguardando' },
      { message: { from: '5548999000001@c.us', text: 'PARE', fromMe: false } },
      { message: { from: '5548999000002@c.us', text: 'SAIR', fromMe: true } },
      { origem: 'cliente', message: { from: '12@c.us', text: 'SAIR' } },
    ]);
    expect(receipts).toEqual([{ providerMessageId: 'm1', status: 'failed', at: new Date(1_700_000_000_000), errorTitle: 'Número inválido' }]);
    expect(inbound).toEqual([{ from: '5548999000001', text: 'PARE', button: false }]);
  });
});
