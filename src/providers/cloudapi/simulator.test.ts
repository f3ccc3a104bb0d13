/**
 * The Cloud API simulator over real HTTP: template sends and their errors (token, template, parameters, throughput,
 * pair rate, a recipient refused at once), and status webhooks signed with the app secret, out of order, that a
 * receiver verifies over the raw bytes (a wrong secret does not verify). Also the inbound message webhook (SAIR).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudApiPolicy, graphError } from './errors.js';
import { verifySignature } from './signature.js';
import { type CloudApiSimulator, startCloudApiSimulator } from './simulator.js';

const TOKEN = 'EAAG-test-token';
const SECRET = 'app-secret-123';
const PHONE = '106540352242922';

describe('WhatsApp Cloud API simulator', () => {
  let sim: CloudApiSimulator;
  let receiver: Server;
  const received: { raw: string; signature: string | undefined }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ raw: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-hub-signature-256'] as string | undefined });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as AddressInfo).port;
    sim = await startCloudApiSimulator({
      token: TOKEN,
      appSecret: SECRET,
      phoneNumberId: PHONE,
      throughput: 5,
      webhookUrl: `http://127.0.0.1:${port}/webhooks/whatsapp`,
      outOfOrder: true,
      rejects: { '5548999000009': 131026 },
      undeliverable: { '5548999000008': 131026 },
    });
  });
  afterAll(async () => {
    await sim?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const send = async (to: string, params: string[], template = 'aviso_instabilidade', token = TOKEN) => {
    const response = await fetch(`${sim.url}/v23.0/${PHONE}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        type: 'template',
        template: { name: template, language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }] },
      }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const codeOf = (r: { body: unknown }) => graphError(r.body).code;

  it('accepts a template send with a wamid; refuses a bad token, template, parameter count or content with Meta’s codes', async () => {
    const ok = await send('5548999000001', ['Ana', 'Centro', '18:30']);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ messaging_product: 'whatsapp', contacts: [{ wa_id: '5548999000001' }], messages: [{ message_status: 'accepted' }] });
    expect(String((ok.body.messages as { id: string }[])[0]!.id)).toMatch(/^wamid\./);
    const bad = [
      await send('5548999000002', ['Ana', 'Centro', '18:30'], 'aviso_instabilidade', 'wrong'),
      await send('5548999000003', ['Ana'], 'nao_existe'),
      await send('5548999000004', ['Ana', 'Centro']),
      await send('5548999000005', ['Ana', 'Centro\nNorte', '18:30']),
    ];
    expect(bad.map((r) => [r.status, codeOf(r)])).toEqual([[401, 190], [404, 132001], [400, 132000], [400, 132018]]);
    expect(bad.map((r) => cloudApiPolicy(codeOf(r), r.status).kind)).toEqual(['config', 'permanent', 'permanent', 'permanent']);
  });

  it('holds the number to its throughput (130429) and the same user to the pair rate (131056); a recipient refused at once is 131026', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // a fresh second
    const burst = await Promise.all(Array.from({ length: 7 }, (_, i) => send(`55489991000${10 + i}`, ['A', 'B', 'C'])));
    expect(burst.filter((r) => r.status === 200)).toHaveLength(5);
    expect(burst.filter((r) => codeOf(r) === 130429)).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const again = await send('5548999100010', ['A', 'B', 'C']);
    expect(codeOf(again)).toBe(131056);
    expect(cloudApiPolicy(131056, again.status)).toEqual({ kind: 'retryable', fallback: false });
    const refused = await send('5548999000009', ['A', 'B', 'C']);
    expect(cloudApiPolicy(codeOf(refused), refused.status)).toEqual({ kind: 'permanent', fallback: true });
  });

  it('reports statuses by signed webhooks, out of order: read before delivered, failed (131026) after sent', async () => {
    received.length = 0;
    const delivered = await send('5548999000020', ['A', 'B', 'C']);
    const failed = await send('5548999000008', ['A', 'B', 'C']);
    expect(failed.status).toBe(200); // accepted: the failure comes later
    await sim.settled();
    expect(received.every((r) => verifySignature(r.raw, r.signature, SECRET))).toBe(true);
    expect(received.some((r) => verifySignature(r.raw, r.signature, 'another-secret'))).toBe(false);
    expect(verifySignature(received[0]!.raw, undefined, SECRET)).toBe(false);
    const statuses = received.flatMap((r) => JSON.parse(r.raw).entry[0].changes[0].value.statuses as { id: string; status: string; errors?: { code: number }[] }[]);
    const of = (id: string) => statuses.filter((s) => s.id === id).map((s) => s.status);
    const wamid = (r: { body: Record<string, unknown> }) => (r.body.messages as { id: string }[])[0]!.id;
    expect(of(wamid(delivered))).toEqual(['read', 'delivered', 'sent']);
    expect(of(wamid(failed))).toEqual(['failed', 'sent']);
    expect(statuses.find((s) => s.status === 'failed')!.errors![0]!.code).toBe(131026);
  });

  it('lists the approved templates with their category, reads the number, and relays a subscriber’s SAIR', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const list = (await (await fetch(`${sim.url}/v23.0/102290129340398/message_templates`, { headers: auth })).json()) as { data: { name: string; category: string }[] };
    expect(list.data.map((t) => [t.name, t.category])).toContainEqual(['promocao_fibra', 'MARKETING']);
    const number = (await (await fetch(`${sim.url}/v23.0/${PHONE}`, { headers: auth })).json()) as { quality_rating: string };
    expect(number.quality_rating).toBe('GREEN');
    received.length = 0;
    await fetch(`${sim.url}/__sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '5548999000020', text: 'SAIR' }) });
    await sim.settled();
    const message = JSON.parse(received[0]!.raw).entry[0].changes[0].value.messages[0];
    expect(message).toMatchObject({ from: '5548999000020', type: 'text', text: { body: 'SAIR' } });
  });
});
