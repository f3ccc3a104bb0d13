/**
 * `avisa start --demo`: the providers a new user can try the whole flow with, running in-process — the Opa!
 * Suite and WhatsApp Cloud API simulators, the SMS Dev simulator and a local SMTP sink — and the demo's integrations pointed at them
 * (created once, re-pointed at every start since the ports are free ones), a company name and twelve example
 * messages (outage, restored and manutenção programada per channel, its cancellation by e-mail and SMS; the incidents of every element kind send the first two; the outage one through the Cloud API too, falling back to SMS) — and the three default drains enabled, as an admin's first integration of each channel enables them,
 * so what is sent from the demo goes out within a minute. Nothing leaves the machine.
 */
import { sendSettings } from '../db/schema/queue.js';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { settings } from '../db/schema/access.js';
import { checkDraft, createMessage, listMessages } from '../messages/messages.js';
import { withLiveTemplate } from '../messages/opa-template-check.js';
import type { Message, MessageInput } from '../messages/schemas.js';
import { saveIncidentMessages } from '../incidents/notices.js';
import { elementKinds } from '../shared/vocabulary.js';
import {
  createIntegration,
  type IntegrationInput,
  type IntegrationPatch,
  listIntegrations,
  updateIntegration,
} from '../providers/integrations.js';
import { createOpaClient } from '../providers/opa/client.js';
import { cloudApiProvider } from '../providers/cloudapi/provider.js';
import { withLiveCloudTemplate } from '../messages/cloud-template-check.js';
import { enableDrainTask, ensureDrainTasks } from '../queue/default-drain-tasks.js';
import { type DemoSimulatorAddresses, startDemoSimulators } from './demo-simulators.js';

export interface DemoSandbox {
  /** Where the simulators listen (the banner shows them). */
  addresses: { opa: string; cloudapi: string; sms: string; smtp: string };
  close(): Promise<void>;
}

const DEMO_CHANNEL = '65a1f0c2b7e4d93a1c0f1a01';
const DEMO_TEMPLATE = '65a1f3d8b7e4d93a1c0f2b01';
const DEMO_MAINTENANCE_TEMPLATE = '65a1f3d8b7e4d93a1c0f2b02';
const DEMO_RESTORED_TEMPLATE = '65a1f3d8b7e4d93a1c0f2b03';

async function upsertIntegration(db: Db, key: Buffer, input: IntegrationInput): Promise<number> {
  const existing = (await listIntegrations(db)).find((i) => i.description === input.description);
  if (!existing) return (await createIntegration(db, key, null, input)).id;
  // `kind` and `config` come from the same input, so they belong together (TypeScript cannot follow that)
  const patch = { kind: input.kind, config: input.config, ...(input.secret ? { secret: input.secret } : {}) } as IntegrationPatch;
  await updateIntegration(db, key, existing.id, patch);
  return existing.id;
}

/** The default drains, each enabled by the demo's integration of its channel (unless someone changed it since). */
async function enableDemoDrains(db: Db, timezone: string, ids: Record<'opa' | 'smtp' | 'sms', number>): Promise<void> {
  await ensureDrainTasks(db, timezone);
  await enableDrainTask(db, 'whatsapp', { integrationId: ids.opa }, timezone);
  await enableDrainTask(db, 'email', { integrationId: ids.smtp }, timezone);
  await enableDrainTask(db, 'sms', { integrationId: ids.sms }, timezone);
}

/** The example manutenção programada notices (its reminders fill data and horário). */
function maintenanceMessages(ids: { opa: number; smtp: number; sms: number }): MessageInput[] {
  const data = { key: 'data', label: 'Data', required: true };
  const horario = { key: 'horario', label: 'Horário', required: true };
  return [
    {
      channel: 'whatsapp',
      purpose: 'maintenance',
      description: 'Manutenção programada (WhatsApp)',
      integrationId: ids.opa,
      content: {
        opaChannelId: DEMO_CHANNEL,
        templateId: DEMO_MAINTENANCE_TEMPLATE,
        variables: [
          { type: 'field', field: 'primeiro_nome' },
          { type: 'free', key: 'data' },
          { type: 'free', key: 'horario' },
        ],
        freeFields: [data, horario],
      },
    },
    {
      channel: 'email',
      purpose: 'maintenance',
      description: 'Manutenção programada (e-mail)',
      integrationId: ids.smtp,
      content: {
        subject: '{{empresa}}: manutenção programada em {{data}}',
        text:
          'Olá {{primeiro_nome}},\n\nHaverá uma manutenção programada na nossa rede no dia {{data}}, das {{horario}}. ' +
          'Durante esse período a conexão do login {{login}} poderá ficar indisponível.\n\n{{empresa}}',
        freeFields: [data, horario],
      },
    },
    {
      channel: 'sms',
      purpose: 'maintenance',
      description: 'Manutenção programada (SMS)',
      integrationId: ids.sms,
      content: { text: '{{empresa}}: manutencao programada em {{data}}, das {{horario}}. A internet pode ficar indisponivel.', freeFields: [data, horario] },
    },
    {
      channel: 'email',
      purpose: 'maintenance',
      description: 'Manutenção cancelada (e-mail)',
      integrationId: ids.smtp,
      content: {
        subject: '{{empresa}}: manutenção de {{data}} cancelada',
        text: 'Olá {{primeiro_nome}},\n\nA manutenção programada para o dia {{data}}, das {{horario}}, foi cancelada. Sua conexão segue normal.\n\n{{empresa}}',
        freeFields: [data, horario],
      },
    },
    {
      channel: 'sms',
      purpose: 'maintenance',
      description: 'Manutenção cancelada (SMS)',
      integrationId: ids.sms,
      content: { text: '{{empresa}}: a manutencao programada de {{data}} foi cancelada.', freeFields: [data] },
    },
  ];
}

/** The outage notice's WhatsApp variables ({{1}} name, {{2}} bairro, {{3}} the forecast typed at send time). */
const PREVISAO = { key: 'previsao_retorno', label: 'Previsão de retorno', required: true };
const outageVariables = () => [
  { type: 'field' as const, field: 'primeiro_nome' },
  { type: 'field' as const, field: 'bairro' },
  { type: 'free' as const, key: 'previsao_retorno' },
];

/** The example outage notices (the incidents' início and atualização), then the restored ones (normalizado). */
function exampleMessages(ids: { opa: number; smtp: number; sms: number }): MessageInput[] {
  const previsao = PREVISAO;
  const protocolo = { key: 'protocolo', label: 'Protocolo', required: false };
  return [
    {
      channel: 'whatsapp',
      purpose: 'outage',
      description: 'Aviso de instabilidade (WhatsApp)',
      integrationId: ids.opa,
      content: {
        opaChannelId: DEMO_CHANNEL,
        templateId: DEMO_TEMPLATE,
        variables: outageVariables(),
        freeFields: [previsao],
      },
    },
    {
      channel: 'email',
      purpose: 'outage',
      description: 'Aviso de instabilidade (e-mail)',
      integrationId: ids.smtp,
      content: {
        subject: '{{empresa}}: instabilidade na sua região',
        text:
          'Olá {{primeiro_nome}},\n\nIdentificamos uma instabilidade no serviço de internet em {{bairro}}, {{cidade}}. ' +
          'Nossa equipe já está atuando.\nPrevisão de normalização: {{previsao_retorno}}.\n\nLogin: {{login}}\n{{empresa}}',
        freeFields: [previsao],
      },
    },
    {
      channel: 'sms',
      purpose: 'outage',
      description: 'Aviso de instabilidade (SMS)',
      integrationId: ids.sms,
      content: { text: '{{empresa}}: instabilidade na internet em {{bairro}}. Previsao: {{previsao_retorno}}.', freeFields: [previsao] },
    },
    {
      channel: 'whatsapp',
      purpose: 'restored',
      description: 'Serviço normalizado (WhatsApp)',
      integrationId: ids.opa,
      content: { opaChannelId: DEMO_CHANNEL, templateId: DEMO_RESTORED_TEMPLATE, variables: [{ type: 'field', field: 'primeiro_nome' }], freeFields: [] },
    },
    {
      channel: 'email',
      purpose: 'restored',
      description: 'Serviço normalizado (e-mail)',
      integrationId: ids.smtp,
      content: {
        subject: '{{empresa}}: sua internet foi normalizada',
        text:
          'Olá {{primeiro_nome}},\n\nO serviço de internet do login {{login}} foi normalizado. Se ainda tiver dificuldade, ' +
          'reinicie seu roteador ou fale com o suporte (protocolo {{protocolo}}).\n\n{{empresa}}',
        freeFields: [protocolo],
      },
    },
    {
      channel: 'sms',
      purpose: 'restored',
      description: 'Serviço normalizado (SMS)',
      integrationId: ids.sms,
      content: { text: '{{empresa}}: sua internet foi normalizada. Protocolo {{protocolo}}.', freeFields: [protocolo] },
    },
  ];
}

/**
 * The same outage notice through the WhatsApp Cloud API (a provider that talks to Meta directly), with the SMS one
 * as its fallback: the demo's Cloud API simulator reports deliveries and reads back to the server's webhook.
 */
function cloudApiMessage(cloudapi: number, smsFallback: number | undefined): MessageInput {
  return {
    channel: 'whatsapp',
    purpose: 'outage',
    description: 'Aviso de instabilidade (WhatsApp Cloud API)',
    integrationId: cloudapi,
    content: {
      provider: 'cloudapi',
      templateName: 'aviso_instabilidade',
      language: 'pt_BR',
      category: 'UTILITY',
      templateText: '',
      variables: outageVariables(),
      freeFields: [PREVISAO],
    },
    ...(smsFallback ? { fallbackMessageId: smsFallback } : {}),
  } as MessageInput;
}

/** Every element kind's incidents send the outage messages at início and atualização, the restored ones at the end. */
async function sendOnIncidents(db: Db, created: readonly Message[]): Promise<void> {
  const of = (purpose: Message['purpose']) => created.filter((m) => m.purpose === purpose).map((m) => m.id);
  for (const kind of elementKinds) {
    await saveIncidentMessages(db, kind, { start: of('outage'), update: of('outage'), restored: of('restored') });
  }
}

/**
 * Points the demo's integrations at the simulators — those at `running` (a child process's), or simulators it
 * starts in this process (and closes with the sandbox) — then the drains and the example messages.
 */
export async function startDemoSandbox(db: Db, key: Buffer, timezone: string, running?: DemoSimulatorAddresses): Promise<DemoSandbox> {
  const own = running ? null : await startDemoSimulators();
  const { opa, sms, mail, cloudapi } = running ?? own!.addresses;
  const close = async () => {
    await own?.close();
  };
  try {
    const ids = {
      opa: await upsertIntegration(db, key, {
        kind: 'opa',
        description: 'Opa! Suite (simulador da demo)',
        config: { url: opa.baseUrl },
        secret: opa.token,
      }),
      smtp: await upsertIntegration(db, key, {
        kind: 'smtp',
        description: 'E-mail (servidor SMTP local da demo)',
        config: { host: mail.host, port: mail.port, security: 'none', from: 'Provedor Exemplo <avisos@provedor.example>' },
      }),
      sms: await upsertIntegration(db, key, {
        kind: 'smsdev',
        description: 'SMS Dev (simulador da demo)',
        config: { baseUrl: sms.url },
        secret: sms.key,
      }),
    };
    const cloudId = await upsertIntegration(db, key, {
      kind: 'cloudapi',
      description: 'WhatsApp Cloud API (simulador da demo)',
      config: { phoneNumberId: cloudapi.phoneNumberId, wabaId: cloudapi.wabaId, baseUrl: cloudapi.baseUrl },
      secret: cloudapi.token,
      appSecret: cloudapi.appSecret,
      verifyToken: cloudapi.verifyToken,
    });
    await enableDemoDrains(db, timezone, ids);
    // The demo is tried at any hour: it starts without quiet hours (Configurações › Envio turns them on).
    await db.insert(sendSettings).values({ id: 1, quietStart: '00:00', quietEnd: '00:00', updatedBy: 'demo' }).onConflictDoNothing();
    const [company] = await db.select().from(settings).where(eq(settings.key, 'company'));
    if (!company) await db.insert(settings).values({ key: 'company', value: { name: 'Provedor Exemplo' } });
    if ((await listMessages(db)).length === 0) {
      const client = createOpaClient({ baseUrl: opa.baseUrl, token: opa.token });
      const cloud = cloudApiProvider({ baseUrl: cloudapi.baseUrl, apiVersion: 'v23.0', phoneNumberId: cloudapi.phoneNumberId, wabaId: cloudapi.wabaId, token: cloudapi.token });
      try {
        const created = [];
        for (const input of [...exampleMessages(ids), ...maintenanceMessages(ids)]) {
          created.push(await createMessage(db, null, await checkDraft(db, input, (draft) => withLiveTemplate(draft, client))));
        }
        // the incidents send the Opa! Suite notices; the Cloud API one is for sending from the report
        await sendOnIncidents(db, created);
        const smsOutage = created.find((m) => m.channel === 'sms' && m.purpose === 'outage')?.id;
        await createMessage(db, null, await checkDraft(db, cloudApiMessage(cloudId, smsOutage), (draft) => withLiveCloudTemplate(draft, cloud)));
      } finally {
        await client.close();
        await cloud.close();
      }
    }
    return {
      addresses: { opa: opa.baseUrl, cloudapi: cloudapi.baseUrl, sms: sms.url, smtp: `${mail.host}:${mail.port}` },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
