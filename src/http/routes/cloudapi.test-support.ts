/**
 * What the Cloud API route tests share: the small ISP with its contacts filled in, the simulator's credentials, the
 * clients' mobiles, a message on the simulator's approved template, and a drain of one channel.
 */
import { drainChannel } from '../../queue/drain.js';
import type { RouteApp } from '../../test-support/route-app.js';
import { seedSmallIspWithContacts } from '../../test-support/seed.js';

export const seed = seedSmallIspWithContacts;

export const TOKEN = 'EAAG-test-access-token-0123456789';
export const APP_SECRET = 'app-secret-abcdef0123456789';
export const PHONE_NUMBER_ID = '106540352242922';
export const WABA_ID = '102290129340398';

/** Mobiles of the small ISP's clients (src/test-support/seed.ts): (48) 9991i-000i. */
export const mobile = (client: number) => `55489991${client - 1}000${client - 1}`;

/** The outage notice on `aviso_instabilidade` (three variables, free field `previsao`). */
export const cloudMessage = (integrationId: number) => ({
  channel: 'whatsapp',
  description: 'Queda (Meta)',
  integrationId,
  purpose: 'outage',
  content: {
    provider: 'cloudapi',
    templateName: 'aviso_instabilidade',
    language: 'pt_BR',
    variables: [{ type: 'field', field: 'primeiro_nome' }, { type: 'field', field: 'bairro' }, { type: 'free', key: 'previsao' }],
    freeFields: [{ key: 'previsao', label: 'Previsão' }],
  },
});

export const drain = (t: RouteApp, channel: 'whatsapp' | 'sms') =>
  drainChannel(t.database.db, { channel, secretKey: t.secretKey, owner: 'test', budgetMs: 20_000, maxAttempts: 3, signal: new AbortController().signal });
