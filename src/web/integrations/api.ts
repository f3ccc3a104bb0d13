/** Calls of Configurações › Integrações (CRUD, Testar conexão, Opa! Suite channels/templates) and their keys. */
import { api } from '../api.js';
import type {
  Channel,
  CheckResult,
  Integration,
  IntegrationInput,
  IntegrationPatch,
  OpaChannel,
  OpaTemplate,
} from './types.js';

const base = '/api/integrations';

export const integrationsApi = {
  list: (channel?: Channel) =>
    api
      .get<{ integrations: Integration[] }>(channel ? `${base}?channel=${channel}` : base)
      .then((r) => r.integrations),
  create: (input: IntegrationInput) =>
    api.post<{ integration: Integration }>(base, input).then((r) => r.integration),
  update: (id: number, patch: IntegrationPatch) =>
    api.put<{ integration: Integration }>(`${base}/${id}`, patch).then((r) => r.integration),
  remove: (id: number) => api.delete(`${base}/${id}`),
  /** Testar conexão of the saved settings; the result becomes the integration's last check. */
  checkSaved: (id: number) => api.post<{ result: CheckResult; integration: Integration }>(`${base}/${id}/check`),
  /** Testar conexão of the values in the form; with `id` and no secret, the stored secret is used. */
  checkUnsaved: (input: IntegrationInput & { id?: number }) =>
    api.post<{ result: CheckResult }>(`${base}/check`, input).then((r) => r.result),
  opaChannels: (id: number) =>
    api.get<{ channels: OpaChannel[] }>(`${base}/${id}/opa/channels`).then((r) => r.channels),
  opaTemplates: (id: number, channelId: string) =>
    api
      .get<{ templates: OpaTemplate[] }>(`${base}/${id}/opa/channels/${encodeURIComponent(channelId)}/templates`)
      .then((r) => r.templates),
};

export const integrationKeys = {
  all: ['integrations'] as const,
  list: (channel?: Channel) => ['integrations', 'list', channel ?? 'all'] as const,
};
