/**
 * The Cloud API provider against the simulator over real HTTP: what each class of Meta error becomes for the
 * queue — retry (throughput 130429, pair rate 131056, 5xx), permanent with a fallback (131026: not on WhatsApp),
 * permanent without (template 132001, parameters 132000/132018), config (token 190) — and that the token never
 * shows in a result. Also Testar conexão and Buscar template, and a payload of Opa's shape refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudApiProvider, tierLimit } from './provider.js';
import { type CloudApiSimulator, startCloudApiSimulator } from './simulator.js';

const TOKEN = 'EAAG-provider-test-token-xyz';
const PHONE = '106540352242922';
const WABA = '102290129340398';

describe('WhatsApp Cloud API provider', () => {
  let sim: CloudApiSimulator;
  const rejects: Record<string, number> = { '5548999000001': 131026 };
  beforeAll(async () => {
    sim = await startCloudApiSimulator({ token: TOKEN, appSecret: 's', phoneNumberId: PHONE, wabaId: WABA, throughput: 3, pairSeconds: 6, rejects });
  });
  afterAll(async () => sim?.close());

  const provider = (token = TOKEN) => cloudApiProvider({ baseUrl: sim.url, apiVersion: 'v23.0', phoneNumberId: PHONE, wabaId: WABA, token, timeoutMs: 3000 });
  const message = (to: string, variables = ['Ana'], templateName = 'servico_normalizado') =>
    ({ channel: 'whatsapp', ref: '1', to: `+${to}`, templateName, language: 'pt_BR', variables }) as const;

  it('sends a template and keeps the wamid; each error class ends in its kind', async () => {
    const p = provider();
    try {
      const ok = await p.send(message('5548999000002'));
      expect(ok).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^wamid\./) });
      expect(sim.sends.at(-1)).toMatchObject({ to: '5548999000002', template: 'servico_normalizado', parameters: ['Ana'] });

      expect(await p.send(message('5548999000002'))).toMatchObject({ ok: false, kind: 'retryable', code: '131056' });
      expect(await p.send(message('5548999000001'))).toMatchObject({ ok: false, kind: 'permanent', code: '131026', fallback: true });
      expect(await p.send(message('5548999000003', ['Ana'], 'nao_existe'))).toMatchObject({ ok: false, kind: 'permanent', code: '132001' });
      const params = await p.send(message('5548999000004', ['Ana', 'extra']));
      expect(params).toMatchObject({ ok: false, kind: 'permanent', code: '132000' });
      expect(params).not.toHaveProperty('fallback');
      expect(await p.send(message('5548999000005', ['linha\nquebrada']))).toMatchObject({ ok: false, kind: 'permanent', code: '132018' });
      // the number's throughput (3/s here): the next sends in the same second are told to wait
      const burst = await Promise.all(['5548999000006', '5548999000007', '5548999000008', '5548999000009'].map((n) => p.send(message(n))));
      expect(burst.filter((r) => !r.ok && r.kind === 'retryable' && r.code === '130429').length).toBeGreaterThanOrEqual(1);
      const opaShape = await p.send({ channel: 'whatsapp', ref: '1', to: '+5548999000010', channelId: 'x', templateId: 'y', variables: [] });
      expect(opaShape).toMatchObject({ ok: false, kind: 'permanent', notice: { code: 'wrong_template_kind' } });
    } finally {
      await p.close();
    }
  });

  it('a wrong token is a configuration failure, and the token is never in the result', async () => {
    const p = provider('wrong-token-123456');
    try {
      const sent = await p.send(message('5548999000020'));
      expect(sent).toMatchObject({ ok: false, kind: 'config', code: '190', status: 401 });
      expect(JSON.stringify(sent)).not.toContain('wrong-token-123456');
      expect(await p.check()).toMatchObject({ ok: false, kind: 'config' });
      await expect(p.listTemplates()).rejects.toThrow(/access token/i);
    } finally {
      await p.close();
    }
  });

  it('Testar conexão names the number and its limit; Buscar template lists approved templates with category', async () => {
    const p = provider();
    try {
      expect(await p.check()).toMatchObject({ ok: true, notice: { code: 'check_cloudapi', params: { name: 'Provedor Exemplo', quality: 'GREEN', limit: 'TIER_2K' } } });
      const templates = await p.listTemplates();
      expect(templates.map((t) => [t.name, t.category, t.parameters])).toEqual([
        ['aviso_instabilidade', 'UTILITY', 3],
        ['servico_normalizado', 'UTILITY', 1],
        ['promocao_fibra', 'MARKETING', 2],
      ]);
    } finally {
      await p.close();
    }
  });

  it('a server that does not answer in time is a retry', async () => {
    const p = cloudApiProvider({ baseUrl: 'http://127.0.0.1:9', apiVersion: 'v23.0', phoneNumberId: PHONE, wabaId: WABA, token: TOKEN, timeoutMs: 1000 });
    try {
      expect(await p.send(message('5548999000030'))).toMatchObject({ ok: false, kind: 'retryable' });
    } finally {
      await p.close();
    }
  });

  it('reads the messaging-limit tier as distinct users per 24 h; unlimited is none, an unreadable one holds nothing', async () => {
    expect(await provider().recipientLimit()).toBe(2000); // the simulator's default tier, TIER_2K
    expect(await provider('wrong-token').recipientLimit()).toBeUndefined();
    const small = await startCloudApiSimulator({ token: TOKEN, appSecret: 's', phoneNumberId: PHONE, wabaId: WABA, messagingLimit: 'TIER_250' });
    try {
      const p = cloudApiProvider({ baseUrl: small.url, apiVersion: 'v23.0', phoneNumberId: PHONE, wabaId: WABA, token: TOKEN });
      expect(await p.recipientLimit()).toBe(250);
      await p.close();
    } finally {
      await small.close();
    }
    expect([tierLimit('TIER_10K'), tierLimit('TIER_100K'), tierLimit('UNLIMITED'), tierLimit('TIER_UNLIMITED'), tierLimit('???')]).toEqual([10_000, 100_000, null, null, undefined]);
  });
});
