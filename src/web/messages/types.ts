/**
 * Mensagens as the UI sees them (the contract lives in src/messages/schemas.ts, src/messages/preview.ts and
 * src/http/routes/message-routes.ts).
 */
import type { Channel } from '../integrations/types.js';

export type { Channel };

export interface FreeField {
  key: string;
  label: string;
  required: boolean;
}

/** What fills one template placeholder: a system variable, a fixed text, or a free field typed at send time. */
export type Binding = { type: 'field'; field: string } | { type: 'literal'; value: string } | { type: 'free'; key: string };

export interface WhatsappContent {
  opaChannelId: string;
  opaChannelName: string;
  templateId: string;
  templateAtalho: string;
  templateText: string;
  variables: Binding[];
  freeFields: FreeField[];
}

export interface EmailContent {
  subject: string;
  text: string;
  html?: string;
  freeFields: FreeField[];
}

export interface SmsContent {
  text: string;
  freeFields: FreeField[];
}

interface Base {
  description: string;
  integrationId: number;
  active: boolean;
}

/** Body of POST/PUT /api/messages, and `message` of the draft preview. */
export type MessageInput =
  | (Base & { channel: 'whatsapp'; content: WhatsappContent })
  | (Base & { channel: 'email'; content: EmailContent })
  | (Base & { channel: 'sms'; content: SmsContent });

export type Message = MessageInput & {
  id: number;
  integrationDescription: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};

/** A system variable of GET /api/messages/variables. */
export interface SystemVariable {
  key: string;
  label: { 'pt-BR': string; en: string };
  example: string;
}

export type ContactProblem = 'missing' | 'invalid' | 'landline' | 'opted_out';

export interface Preview {
  login: { id: number; login: string; clientId: number; clientName: string };
  contact: { value: string | null; display: string | null; problem: ContactProblem | null };
  variables: { placeholder: string; value: string; empty: boolean }[];
  subject: string | null;
  text: string;
  html: string | null;
  empty: string[];
}

export interface PreviewRequest {
  login: string;
  free: Record<string, string>;
}
