/** Calls of Configurações › Integrações (CRUD, Testar conexão, Opa! Suite channels/templates) and their keys. */
import { avisa } from '../client.js';
import type { Channel, IntegrationCheckInput, IntegrationInput, IntegrationPatch } from './types.js';

export const integrationsApi = {
  list: (channel?: Channel) => avisa.integrations.list({ query: channel ? { channel } : {} }).then((r) => r.integrations),
  create: (input: IntegrationInput) => avisa.integrations.create({ body: input }).then((r) => r.integration),
  update: (id: number, patch: IntegrationPatch) => avisa.integrations.update({ params: { id }, body: patch }).then((r) => r.integration),
  remove: (id: number) => avisa.integrations.remove({ params: { id } }),
  /** Testar conexão of the saved settings; the result becomes the integration's last check. */
  checkSaved: (id: number) => avisa.integrations.checkSaved({ params: { id } }),
  /** Testar conexão of the values in the form; with `id` and no secret, the stored secret is used. */
  checkUnsaved: (input: IntegrationCheckInput) => avisa.integrations.checkUnsaved({ body: input }).then((r) => r.result),
  opaChannels: (id: number) => avisa.integrations.opaChannels({ params: { id } }).then((r) => r.channels),
  opaTemplates: (id: number, channelId: string) =>
    avisa.integrations.opaTemplates({ params: { id, channelId } }).then((r) => r.templates),
  cloudApiTemplates: (id: number) => avisa.integrations.cloudApiTemplates({ params: { id } }).then((r) => r.templates),
};

export const integrationKeys = {
  all: ['integrations'] as const,
  list: (channel?: Channel) => ['integrations', 'list', channel ?? 'all'] as const,
};
