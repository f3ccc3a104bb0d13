/**
 * Before a Cloud API message is saved: its template must be approved in the business account, in its language. The
 * text and category are refreshed from Meta, so the stored text is the one WhatsApp will fill and the category the
 * one Meta bills.
 */
import type { CloudApiTemplate } from '../providers/cloudapi/provider.js';
import { refused } from '../shared/errors.js';
import { notice } from '../shared/notice.js';
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
    const name = content.templateName;
    throw refused(
      'content.templateName',
      other
        ? notice('cloud_template_language', { name, language: other.language, wanted: content.language })
        : notice('cloud_template_missing', { name }),
    );
  }
  const category = (templateCategories as readonly string[]).includes(template.category) ? (template.category as (typeof templateCategories)[number]) : 'UTILITY';
  return { ...draft, content: { ...content, category, templateText: template.text } };
}
