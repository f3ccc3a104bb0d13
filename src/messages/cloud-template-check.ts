/**
 * Before a Cloud API message is saved: its template must be approved in the business account, in its language. The
 * text and category are refreshed from Meta, so the stored text is the one WhatsApp will fill and the category the
 * one Meta bills.
 */
import type { CloudApiTemplate } from '../providers/cloudapi/provider.js';
import { AppError } from '../shared/errors.js';
import { type MessageDraft, templateCategories } from './schemas.js';

export interface CloudCatalog {
  listTemplates(): Promise<CloudApiTemplate[]>;
}

export async function withLiveCloudTemplate(draft: MessageDraft, catalog: CloudCatalog): Promise<MessageDraft> {
  if (draft.channel !== 'whatsapp' || draft.content.provider !== 'cloudapi') return draft;
  const content = draft.content;
  const templates = await catalog.listTemplates();
  const template = templates.find((t) => t.name === content.templateName && t.language === content.language);
  if (!template) {
    const other = templates.find((t) => t.name === content.templateName);
    const why = other
      ? `template "${content.templateName}" is approved in ${other.language}, not ${content.language}`
      : `no approved template "${content.templateName}" in the WhatsApp Business Account; pick it again with Buscar template`;
    throw new AppError('VALIDATION', `content.templateName: ${why}`, 'content.templateName');
  }
  const category = (templateCategories as readonly string[]).includes(template.category) ? (template.category as (typeof templateCategories)[number]) : 'UTILITY';
  return { ...draft, content: { ...content, category, templateText: template.text } };
}
