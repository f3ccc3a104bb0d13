/** Calls of Sistema › CRM › Mensagens (CRUD, system variables, Pré-visualizar) and their query keys. */
import { avisa } from '../client.js';
import type { Channel, MessageInput, PreviewRequest } from './types.js';

export const messagesApi = {
  list: (channel?: Channel) => avisa.messages.list({ query: channel ? { channel } : {} }).then((r) => r.messages),
  variables: () => avisa.messages.variables().then((r) => r.variables),
  create: (input: MessageInput) => avisa.messages.create({ body: input }).then((r) => r.message),
  update: (id: number, input: MessageInput) => avisa.messages.update({ params: { id }, body: input }).then((r) => r.message),
  remove: (id: number) => avisa.messages.remove({ params: { id } }),
  /** Pré-visualizar the form as it is (unsaved). */
  previewDraft: (message: MessageInput, target: PreviewRequest) =>
    avisa.messages.previewDraft({ body: { message, ...target } }).then((r) => r.preview),
  /** Pré-visualizar a saved message (operators, who cannot edit). */
  previewSaved: (id: number, target: PreviewRequest) =>
    avisa.messages.previewSaved({ params: { id }, body: target }).then((r) => r.preview),
};

export const messageKeys = {
  all: ['messages'] as const,
  list: (channel?: Channel) => ['messages', 'list', channel ?? 'all'] as const,
  variables: ['messages', 'variables'] as const,
};
