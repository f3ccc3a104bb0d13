/**
 * The Opa! Suite simulator's data: the seed format (channels with their templates and daily limits, contacts
 * em atendimento, numbers that are not on WhatsApp), its validation, and the mutable state the simulated API
 * and its control routes work on (counters, recorded sends and requests).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import defaultSeed from './sim-seed.json' with { type: 'json' };
import type { OpaChannel, OpaTemplate } from './model.js';

const objectIdSchema = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-hex ObjectId');

const templateSeedSchema = z.object({
  _id: objectIdSchema,
  atalho: z.string().min(1),
  texto: z.string().min(1),
  tipo_mensagem: z.string().optional(),
  category: z.string().default('UTILITY'),
  idioma: z.string().default('pt_BR'),
  templateType: z.string().default('simpleTextTemplate'),
  namespace: z.string().optional(),
  identificadorCanal: z.string().default(''),
  departamentos: z.array(z.string()).default([]),
  flow: z.string().nullable().default(null),
  createdAt: z.string().default('2025-01-01T12:00:00.000Z'),
});

const channelSeedSchema = z.object({
  _id: objectIdSchema,
  nome: z.string().min(1),
  id_atendente: z.string().default(''),
  status: z.enum(['A', 'I']).default('A'),
  canal: z.string().default('Whatsapp'),
  integracao: z.string().optional(),
  prioridadeListagemAtendimentos: z.number().optional(),
  /** Daily template limit; `null` or absent = no limit (`{}` from `limites-diarios-envio`). */
  dailyLimit: z.number().int().nonnegative().nullable().optional(),
  templates: z.array(templateSeedSchema).default([]),
});

export const opaSeedSchema = z.object({
  attendants: z.array(z.object({ _id: objectIdSchema, nome: z.string(), genero: z.string().optional() })).default([]),
  channels: z.array(channelSeedSchema),
  /** Phone (E.164) → name of the agent the contact is talking to. */
  inService: z.record(z.string(), z.string()).default({}),
  /** Phones that get Meta's `(#131026) Message undeliverable`. */
  notOnWhatsApp: z.array(z.string()).default([]),
});

/** What a seed file holds (defaults filled in when it is loaded). */
export type OpaSeed = z.input<typeof opaSeedSchema>;

/** One accepted `POST /template/send`, as the simulator saw it. */
export interface RecordedSend {
  /** ISO-8601 UTC. */
  at: string;
  channelId: string;
  templateId: string;
  atalho: string;
  to: string;
  variables: string[];
  metadata: unknown;
  allowSendingToStartedCustomerService: boolean;
  /** The template text with the variables put in by position, as the customer would read it. */
  text: string;
  messageSentId: string;
  /** The request body exactly as received (parsed JSON). */
  body: unknown;
}

/** Every API request (never its headers, so never the token). */
export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  body: unknown;
}

export interface SimTemplate {
  channelId: string;
  item: Required<Pick<OpaTemplate, '_id' | 'texto' | 'atalho' | 'tipo_mensagem' | 'departamentos' | 'dados' | 'identificadorCanal'>> &
    OpaTemplate;
}

export interface OpaSimState {
  token: string;
  attendants: Map<string, { _id: string; nome: string; genero?: string }>;
  channels: OpaChannel[];
  templates: SimTemplate[];
  /** Per channel: the daily limit (`null` = none) and today's sends. */
  limits: Map<string, { limit: number | null; sent: number }>;
  inService: Map<string, string>;
  notOnWhatsApp: Set<string>;
  sends: RecordedSend[];
  requests: RecordedRequest[];
  /** The simulator's own fault: answer HTTP 200 with an error envelope. */
  envelopeError: boolean;
  onSend?: (send: RecordedSend) => void;
}

/** The built-in seed, a seed object, or the path of a JSON seed file; throws a readable error when it is invalid. */
export async function loadOpaSeed(seed: OpaSeed | string | undefined): Promise<z.output<typeof opaSeedSchema>> {
  let raw: unknown = seed ?? defaultSeed;
  if (typeof seed === 'string') {
    try {
      raw = JSON.parse(await readFile(seed, 'utf8'));
    } catch (err) {
      throw new Error(`Cannot read the Opa simulator seed ${seed}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const parsed = opaSeedSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid Opa simulator seed: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function stateFromSeed(seed: z.output<typeof opaSeedSchema>, token: string): OpaSimState {
  const channels: OpaChannel[] = [];
  const templates: SimTemplate[] = [];
  const limits = new Map<string, { limit: number | null; sent: number }>();
  for (const { templates: channelTemplates, dailyLimit, ...channel } of seed.channels) {
    channels.push(channel);
    limits.set(channel._id, { limit: dailyLimit ?? null, sent: 0 });
    for (const t of channelTemplates) {
      templates.push({
        channelId: channel._id,
        item: {
          _id: t._id,
          texto: t.texto,
          atalho: t.atalho,
          dados: dadosString(t),
          identificadorCanal: t.identificadorCanal,
          tipo_mensagem: t.tipo_mensagem ?? channel.integracao ?? 'dialog360',
          departamentos: t.departamentos,
          anexo: null,
          flow: t.flow,
          createdAt: t.createdAt,
          updatedAt: t.createdAt,
          __v: 0,
        } as SimTemplate['item'],
      });
    }
  }
  return {
    token,
    attendants: new Map(seed.attendants.map((a) => [a._id, a])),
    channels,
    templates,
    limits,
    inService: new Map(Object.entries(seed.inService)),
    notOnWhatsApp: new Set(seed.notOnWhatsApp),
    sends: [],
    requests: [],
    envelopeError: false,
  };
}

/** `dados` as Opa stores it: a JSON string with the Meta template fields, in the collection's key order. */
function dadosString(t: z.output<typeof templateSeedSchema>): string {
  return JSON.stringify({
    element_name: t.atalho,
    id: '',
    namespace: t.namespace ?? 'q1xfg921_7c3e_4f0e_9b2d_5e6f7a8b9c0d',
    idioma: t.idioma,
    category: t.category,
    templateType: t.templateType,
    headerContentType: 'textHeader',
    mediaType: '',
    title: '',
    midia: '',
    footer: '',
    buttonType: '',
    textButton1: '',
    textButton2: '',
    url: '',
  });
}

/** A MongoDB-style ObjectId: 4 bytes of seconds, 8 random bytes, 24 hex characters. */
export function objectId(now = Date.now()): string {
  const seconds = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  return `${seconds}${randomBytes(8).toString('hex')}`;
}
