/**
 * The Opa! Suite wire shapes Avisa uses (from the official Postman collection, see
 * shared/reference/opasuite.md §1), shared by the client and the simulator.
 */
import type { TemplateDados } from './template.js';

export type OpaChannelKind = 'Whatsapp' | 'Instagram' | 'Page' | 'Telegram' | 'Messenger' | 'Telefonia';

export interface OpaChannel {
  _id: string;
  nome: string;
  /** The bot or user that owns the channel (populated as `{_id,nome,genero}` by `GET /canal-comunicacao/:id`). */
  id_atendente: string | { _id: string; nome: string; genero?: string };
  status: 'A' | 'I' | string;
  canal: OpaChannelKind | string;
  integracao?: 'facebook' | 'dialog360' | string;
  prioridadeListagemAtendimentos?: number;
}

/** An item of `GET /canal-comunicacao/:id/template`. */
export interface OpaTemplate {
  _id: string;
  texto: string;
  atalho: string;
  tipo_mensagem?: string;
  departamentos?: string[];
  /** A JSON string: `element_name`, `idioma`, `category`, `templateType`, … */
  dados?: string;
  identificadorCanal?: string;
  anexo?: unknown;
  flow?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

/** A template as the client returns it: the raw item plus what Avisa needs already worked out. */
export interface OpaTemplateInfo extends OpaTemplate {
  /** `dados` parsed (nulls when absent or unreadable). */
  meta: TemplateDados;
  /** Placeholder names in order of appearance, one per positional variable to send. */
  placeholders: string[];
}

export interface OpaDailyLimit {
  messagesSent: number;
  dailyLimit: number;
  availableAmount: number;
}

/** Body of `POST /template/send` (normal templates; `paymentDetailTemplate` objects are not used by Avisa). */
export interface OpaTemplateSendBody {
  contato: { canalCliente: string };
  template: { _id: string; variaveis: string[] };
  canal: string;
  allowSendingToStartedCustomerService: boolean;
  metadata: Record<string, unknown>;
}

export interface OpaTemplateSendResult {
  messageSentId: string;
  /** Opa's confirmation, e.g. "Template has been succesfully sent." (sic); '' when it gave none. */
  message: string;
}

/** True for an active WhatsApp channel (the only kind Avisa sends templates through). */
export function isActiveWhatsApp(channel: Pick<OpaChannel, 'status' | 'canal'>): boolean {
  return channel.status === 'A' && /^whats\s*app$/i.test(String(channel.canal));
}
