/**
 * Sistema › CRM › Mensagens: the notices that can be sent — a WhatsApp template of Opa! Suite with its variables
 * mapped, an e-mail or an SMS — with Pré-visualizar for a login. Admins edit; operators read and preview.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SuccessAlert } from '../components/Alert.js';
import { ChannelOptions } from '../components/ChannelOptions.js';
import { Forbidden } from '../components/NotFound.js';
import { PageHeader } from '../components/PageHeader.js';
import { QueryState } from '../components/QueryState.js';
import { CreateButton, useEditorPanel } from '../components/useEditorPanel.js';
import { canSee } from '../menu.js';
import { messageKeys, messagesApi } from '../messages/api.js';
import { MessageForm } from '../messages/MessageForm.js';
import { MessageList } from '../messages/MessageList.js';
import type { Channel, Message } from '../messages/types.js';
import { useSession } from '../session.js';

export function MessagesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const role = session?.user.role ?? 'viewer';
  const canList = canSee(role, 'operator');
  const canEdit = role === 'admin';
  const [channel, setChannel] = useState<Channel | ''>('');
  const list = useQuery({
    queryKey: messageKeys.list(channel || undefined),
    queryFn: () => messagesApi.list(channel || undefined),
    enabled: canList,
  });
  const variables = useQuery({ queryKey: messageKeys.variables, queryFn: messagesApi.variables, staleTime: Infinity });
  const editor = useEditorPanel<Message>();
  const { panel, flash, setFlash } = editor;

  if (!canList) return <Forbidden title={t('messages.title')} />;

  return (
    <>
      <PageHeader
        title={t('messages.title')}
        intro={t('messages.intro')}
        actions={
          canEdit && (
<CreateButton label={t('messages.new')} onClick={editor.create} />
          )
        }
      />
      <SuccessAlert message={flash} onClose={() => setFlash(null)} />
      {panel.kind !== 'none' && (
        <MessageForm
          key={editor.formKey(editor.item?.id)}
          message={editor.item}
          canEdit={canEdit}
          variables={variables.data ?? []}
          onSaved={(message, created) => {
            editor.close();
            setFlash(t(created ? 'messages.created' : 'messages.saved', { name: message.description }));
          }}
          onDeleted={(message) => {
            editor.close();
            setFlash(t('messages.deleted', { name: message.description }));
          }}
          onClose={editor.close}
        />
      )}
      <div className="list-toolbar">
        <label htmlFor="msg-filter-channel">{t('messages.columns.channel')}</label>
        <select
          id="msg-filter-channel"
          value={channel}
          onChange={(e) => setChannel(e.target.value as Channel | '')}
        >
          <option value="">{t('messages.filterAll')}</option>
          <ChannelOptions />
        </select>
      </div>
      <QueryState query={list}>
        {(messages) =>
          messages.length === 0 ? (
            <p className="muted">{channel ? t('messages.emptyFiltered') : t('messages.empty')}</p>
          ) : (
            <MessageList messages={messages} canEdit={canEdit} onOpen={editor.open} />
          )
        }
      </QueryState>
    </>
  );
}
