/** Calls of Sistema › CRM › Mensagens (CRUD, system variables, Pré-visualizar) and their query keys. */
import { api } from '../api.js';
import type { Channel, Message, MessageInput, Preview, PreviewRequest, SystemVariable } from './types.js';

const base = '/api/messages';

export const messagesApi = {
  list: (channel?: Channel) =>
    api.get<{ messages: Message[] }>(channel ? `${base}?channel=${channel}` : base).then((r) => r.messages),
  variables: () => api.get<{ variables: SystemVariable[] }>(`${base}/variables`).then((r) => r.variables),
  create: (input: MessageInput) => api.post<{ message: Message }>(base, input).then((r) => r.message),
  update: (id: number, input: MessageInput) =>
    api.put<{ message: Message }>(`${base}/${id}`, input).then((r) => r.message),
  remove: (id: number) => api.delete(`${base}/${id}`),
  /** Pré-visualizar the form as it is (unsaved). */
  previewDraft: (message: MessageInput, target: PreviewRequest) =>
    api.post<{ preview: Preview }>(`${base}/preview`, { message, ...target }).then((r) => r.preview),
  /** Pré-visualizar a saved message (operators, who cannot edit). */
  previewSaved: (id: number, target: PreviewRequest) =>
    api.post<{ preview: Preview }>(`${base}/${id}/preview`, target).then((r) => r.preview),
};

export const messageKeys = {
  all: ['messages'] as const,
  list: (channel?: Channel) => ['messages', 'list', channel ?? 'all'] as const,
  variables: ['messages', 'variables'] as const,
};
