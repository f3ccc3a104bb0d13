/**
 * Integrações as the UI sees them: the server's schemas (src/providers/schemas.ts, contract.ts), dates as ISO
 * strings. The secret never comes back, only `hasSecret` and its last four characters.
 */
import type { z } from 'zod';
import type { integrationsContract } from '../../providers/contract.js';
import type { integrationCheckInputSchema, integrationInputSchema, integrationPatchSchema } from '../../providers/schemas.js';
import type { ResponseOf } from '../../shared/contract.js';

export {
  channelOfKind,
  type ConfigInput,
  type IntegrationKind,
  integrationKinds,
  secretOfKind,
  type SmtpSecurity,
  smtpSecurities,
} from '../../providers/schemas.js';
export { type Channel, channels } from '../../shared/vocabulary.js';

/** One stored integration, its `config` typed by its `kind`. */
export type Integration = ResponseOf<typeof integrationsContract.get>['integration'];
/** Body of POST /api/integrations. */
export type IntegrationInput = z.input<typeof integrationInputSchema>;
/** Body of PUT /api/integrations/:id: `kind` is the saved one; omitted fields stay; `secret: null` removes it. */
export type IntegrationPatch = z.input<typeof integrationPatchSchema>;
/** Body of POST /api/integrations/check: the form's values, and `id` when editing. */
export type IntegrationCheckInput = z.input<typeof integrationCheckInputSchema>;

export type CheckResult = ResponseOf<typeof integrationsContract.checkUnsaved>['result'];
/** A channel of an Opa! Suite integration (Buscar canais). */
export type OpaChannel = ResponseOf<typeof integrationsContract.opaChannels>['channels'][number];
/** An approved template of a Cloud API business account (Buscar template). */
export type CloudApiTemplate = ResponseOf<typeof integrationsContract.cloudApiTemplates>['templates'][number];
/** A template of an Opa! Suite channel (Buscar template). */
export type OpaTemplate = ResponseOf<typeof integrationsContract.opaTemplates>['templates'][number];

/** The address shown in the list: Opa's API URL, the SMTP server, the gateway's API URL. */
export function addressOf(integration: Integration): string {
  switch (integration.kind) {
    case 'opa':
      return integration.config.url;
    case 'smtp':
      return `${integration.config.host}:${integration.config.port}`;
    case 'zenvia':
    case 'smsdev':
      return integration.config.baseUrl;
    case 'cloudapi':
      return `${integration.config.baseUrl} · ${integration.config.phoneNumberId}`;
  }
}
