/**
 * The providers' webhooks (src/receipts/contract.ts). WhatsApp Cloud API: Meta's subscription check and its
 * callbacks, each verified — the verify token against the active Cloud API integrations', every callback's
 * `X-Hub-Signature-256` over the raw bytes with the app secret of the integration whose number it names. Zenvia (SMS)
 * and Opa! Suite (WhatsApp): statuses and replies at an address whose last part is an HMAC of the integration's id. Receipts go to one buffer
 * written in batches (src/receipts/buffer.ts), so a storm is answered fast; opt-out words are handled after the answer.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { verifySignature } from '../../providers/cloudapi/signature.js';
import { cloudApiWebhookSecrets, getIntegration, openIntegration } from '../../providers/integrations.js';
import { readZenviaWebhook } from '../../receipts/zenvia-webhook.js';
import { type AddressedProvider, webhookPath, webhookToken } from '../../receipts/address.js';
import { readOpaWebhook } from '../../receipts/opa-webhook.js';
import { receiptsOfRows } from '../../receipts/receipts.js';
import type { Inbound } from '../../optout/inbound.js';
import { cloudApiProviderFor } from '../../providers/registry.js';
import { handleInbound } from '../../optout/inbound.js';
import { getSendSettings } from '../../queue/send-settings.js';
import { createReceiptBuffer } from '../../receipts/buffer.js';
import { type InboundMessage, readCloudApiWebhook } from '../../receipts/cloudapi-webhook.js';
import { receiptsContract } from '../../receipts/contract.js';
import { AppError } from '../../shared/errors.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The integrations' secrets, read again at most every few seconds (a saved change applies quickly). Past that age
 * the cached ones still answer while one refresh runs (a storm of callbacks never waits on it), unless none were
 * ever read or the callback names a number they do not know (a new integration: read at once).
 */
function secretsCache(ctx: AppContext, ttlMs = 5000) {
  type Secrets = Awaited<ReturnType<typeof cloudApiWebhookSecrets>>;
  let cached: { at: number; value: Secrets } | null = null;
  let refreshing: Promise<Secrets> | null = null;
  const refresh = () =>
    (refreshing ??= cloudApiWebhookSecrets(ctx.db, ctx.secretKey())
      .then((value) => {
        cached = { at: Date.now(), value };
        return value;
      })
      .finally(() => {
        refreshing = null;
      }));
  return async (phoneNumberIds: readonly string[] = []): Promise<Secrets> => {
    if (!cached) return refresh();
    const unknown = phoneNumberIds.some((id) => !cached!.value.some((s) => s.phoneNumberId === id));
    if (unknown && Date.now() - cached.at > 1000) return refresh();
    if (Date.now() - cached.at > ttlMs) void refresh().catch(() => {});
    return cached.value;
  };
}

export function receiptRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const c = receiptsContract;
    const secrets = secretsCache(ctx);
    const stats = { accepted: 0, refused: 0, inbound: 0, optedOut: 0 };
    const buffer = createReceiptBuffer(ctx.db, { onError: (err) => app.log.error({ err }, 'receipts: a batch could not be written; kept for the next') });
    app.addHook('onClose', async () => buffer.close());

    const refuse = (why: string): never => {
      stats.refused++;
      app.log.warn({ why }, 'WhatsApp webhook refused');
      throw new AppError('WEBHOOK_UNVERIFIED', why);
    };

    // This plugin's JSON bodies keep their bytes: the signature is over them, not over a re-serialisation.
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      request.rawBody = body as Buffer;
      try {
        done(null, body.length === 0 ? undefined : JSON.parse(body.toString('utf8')));
      } catch {
        done(new AppError('VALIDATION', 'The body is not JSON'), undefined);
      }
    });

    serve(app, c.verify, async (request, reply) => {
      const q = request.query;
      const token = q['hub.verify_token'] ?? '';
      const known = (await secrets()).some((s) => s.verifyToken && same(s.verifyToken, token));
      if (q['hub.mode'] !== 'subscribe' || !token || !known) refuse('hub.verify_token does not match an active WhatsApp Cloud API integration');
      return reply.type('text/plain').send(q['hub.challenge'] ?? '');
    });

    serve(app, c.receive, async (request) => {
      const raw = request.rawBody;
      const signature = request.headers['x-hub-signature-256'];
      if (!raw || !signature) refuse('missing X-Hub-Signature-256 or body');
      const webhook = readCloudApiWebhook(request.body);
      const numbers = webhook.phoneNumberIds;
      const all = await secrets(numbers);
      if (numbers.length === 0) refuse('the callback names no phone_number_id');
      for (const number of numbers) {
        const integration = all.find((s) => s.phoneNumberId === number);
        if (!integration?.appSecret) refuse(`no active WhatsApp Cloud API integration with an app secret sends from ${number}`);
        if (!verifySignature(raw!, signature, integration!.appSecret!)) refuse('X-Hub-Signature-256 does not match the app secret');
      }
      stats.accepted++;
      buffer.push(webhook.receipts);
      stats.inbound += webhook.inbound.length;
      // SAIR and friends: listed, then confirmed — after the answer (Meta wants it fast; a failure is logged)
      if (webhook.inbound.length > 0) void optOuts(webhook.inbound).catch((err: unknown) => app.log.error({ err }, 'WhatsApp opt-out could not be recorded'));
      return { ok: true as const };
    });

    /** The integration a Zenvia or Opa! address names, when its token is right and it is an active one of that kind. */
    const addressed = async (kind: AddressedProvider, id: number, token: string) => {
      if (!same(token, webhookToken(ctx.secretKey(), kind, id))) refuse(`the ${kind} webhook address is wrong`);
      const integration = await getIntegration(ctx.db, id).catch(() => null);
      if (integration?.kind !== kind || !integration.active) refuse(`integration ${id} is not an active ${kind} integration`);
      stats.accepted++;
    };
    /** Opt-out words among a provider's inbound messages, after the answer (a failure is logged). */
    const listOptOuts = (channel: 'sms' | 'whatsapp', inbound: Inbound[]) => {
      stats.inbound += inbound.length;
      if (inbound.length === 0) return;
      void (async () => {
        const settings = await getSendSettings(ctx.db);
        stats.optedOut += (await handleInbound(ctx.db, channel, inbound, settings.optOutWords)).optedOut.length;
      })().catch((err: unknown) => app.log.error({ err }, `${channel} opt-out could not be recorded`));
    };

    serve(app, c.zenvia, async (request) => {
      await addressed('zenvia', request.params.id, request.params.token);
      const { receipts, inbound } = readZenviaWebhook(request.body);
      buffer.push(receipts);
      listOptOuts('sms', inbound);
      return { ok: true as const };
    });

    serve(app, c.zenviaAddress, async (request) => ({ path: await addressOf('zenvia', request.params.id) }));

    // Opa's bodies as they came (the format is not documented): the last few per integration, for its form.
    const opaRecent = new Map<number, { at: string; body: string; receipts: number; inbound: number }[]>();
    serve(app, c.opa, async (request) => {
      const { id } = request.params;
      await addressed('opa', id, request.params.token);
      const { receipts, inbound } = readOpaWebhook(request.body);
      const recent = opaRecent.get(id) ?? [];
      recent.unshift({ at: new Date().toISOString(), body: (request.rawBody?.toString('utf8') ?? '').slice(0, 4000), receipts: receipts.length, inbound: inbound.length });
      opaRecent.set(id, recent.slice(0, 20));
      const byId = receipts.flatMap(({ providerMessageId, ref: _, ...r }) => (providerMessageId ? [{ ...r, provider: 'opa', providerMessageId }] : []));
      const byRow = receipts.flatMap(({ providerMessageId, ref, ...r }) => (!providerMessageId && ref ? [{ ...r, ref }] : []));
      buffer.push([...byId, ...(await receiptsOfRows(ctx.db, 'opa', byRow))]);
      // Opa answers the customer itself (its bots and attendants): the number is listed, no confirmation is sent.
      listOptOuts('whatsapp', inbound);
      return { ok: true as const };
    });

    serve(app, c.opaAddress, async (request) => ({ path: await addressOf('opa', request.params.id), recent: opaRecent.get(request.params.id) ?? [] }));

    async function addressOf(kind: AddressedProvider, id: number): Promise<string> {
      const integration = await getIntegration(ctx.db, id);
      if (integration.kind !== kind) throw new AppError('VALIDATION', `id: integration ${integration.id} is ${integration.kind}, not ${kind}`, 'id');
      return webhookPath(ctx.secretKey(), kind, integration.id);
    }

    serve(app, c.stats, async () => ({ ...stats, receipts: { ...buffer.stats } }));

    /** Opt-outs among inbound messages: put on the WhatsApp list, each answered from the number they wrote to. */
    async function optOuts(inbound: InboundMessage[]): Promise<void> {
      const settings = await getSendSettings(ctx.db);
      for (const number of new Set(inbound.map((m) => m.phoneNumberId))) {
        const result = await handleInbound(ctx.db, 'whatsapp', inbound.filter((m) => m.phoneNumberId === number), settings.optOutWords);
        stats.optedOut += result.optedOut.length;
        if (result.optedOut.length === 0) continue;
        const integration = (await secrets()).find((s) => s.phoneNumberId === number);
        if (!integration) continue;
        const provider = cloudApiProviderFor(await openIntegration(ctx.db, ctx.secretKey(), integration.id));
        try {
          for (const to of result.optedOut) {
            const sent = await provider.sendText(to, settings.optOutReply);
            if (!sent.ok) app.log.warn({ reason: sent.notice }, 'opt-out confirmation not sent');
          }
        } finally {
          await provider.close();
        }
      }
    }
  };
}
