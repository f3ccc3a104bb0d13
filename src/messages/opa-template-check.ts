/**
 * Before a WhatsApp message is saved: its template must still exist on its Opa! Suite channel. The channel name,
 * template short name (atalho) and text are refreshed from Opa, so the stored text is the one Opa will fill.
 */
import type { OpaChannel, OpaTemplateInfo } from '../providers/opa/model.js';
import { refused } from '../shared/errors.js';
import { notice } from '../shared/notice.js';
import type { MessageDraft } from './schemas.js';

export interface OpaCatalog {
  listChannels(): Promise<OpaChannel[]>;
  listTemplates(channelId: string): Promise<OpaTemplateInfo[]>;
}

export async function withLiveTemplate(draft: MessageDraft, opa: OpaCatalog): Promise<MessageDraft> {
  if (draft.channel !== 'whatsapp' || draft.content.provider === 'cloudapi') return draft;
  const content = draft.content;
  const { opaChannelId, templateId } = content;
  const channel = (await opa.listChannels()).find((c) => c._id === opaChannelId);
  if (!channel) {
    throw refused('content.opaChannelId', notice('opa_channel_gone', { channelId: opaChannelId }));
  }
  const template = (await opa.listTemplates(opaChannelId)).find((t) => t._id === templateId);
  if (!template) {
    throw refused('content.templateId', notice('opa_template_gone', { template: templateId, channelName: channel.nome }));
  }
  return {
    ...draft,
    content: { ...content, opaChannelName: channel.nome, templateAtalho: template.atalho, templateText: template.texto },
  };
}
