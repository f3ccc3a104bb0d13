/**
 * Configurações › Integrações: the Opa! Suite, SMTP and SMS gateway connections the notices go out through.
 * Admins create, edit, test and delete them; operators see the list (the send form needs it).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SuccessAlert } from '../components/Alert.js';
import { Forbidden } from '../components/NotFound.js';
import { PageHeader } from '../components/PageHeader.js';
import { QueryState } from '../components/QueryState.js';
import { CreateButton, useEditorPanel } from '../components/useEditorPanel.js';
import { integrationKeys, integrationsApi } from '../integrations/api.js';
import { IntegrationForm } from '../integrations/IntegrationForm.js';
import { IntegrationList } from '../integrations/IntegrationList.js';
import type { Integration } from '../integrations/types.js';
import { canSee } from '../menu.js';
import { useSession } from '../session.js';

export function IntegrationsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const role = session?.user.role ?? 'viewer';
  const canList = canSee(role, 'operator');
  const isAdmin = role === 'admin';
  const list = useQuery({ queryKey: integrationKeys.list(), queryFn: () => integrationsApi.list(), enabled: canList });
  const editor = useEditorPanel<Integration>();
  const { panel, flash, setFlash } = editor;

  if (!canList) return <Forbidden title={t('integrations.title')} />;

  return (
    <>
      <PageHeader
        title={t('integrations.title')}
        intro={t('integrations.intro')}
        actions={
          isAdmin && (
<CreateButton label={t('integrations.new')} onClick={editor.create} />
          )
        }
      />
      {!isAdmin && <p className="muted small">{t('integrations.readOnly')}</p>}
      <SuccessAlert message={flash} onClose={() => setFlash(null)} />
      {isAdmin && panel.kind !== 'none' && (
        <IntegrationForm
          key={editor.formKey(editor.item?.id)}
          integration={editor.item}
          onSaved={(integration, created) =>
            setFlash(t(created ? 'integrations.created' : 'integrations.saved', { name: integration.description }))
          }
          onDeleted={(integration) => {
            editor.close();
            setFlash(t('integrations.deleted', { name: integration.description }));
          }}
          onClose={editor.close}
        />
      )}
      <QueryState query={list}>
        {(integrations) => (
          <IntegrationList
            integrations={integrations}
            onEdit={isAdmin ? editor.open : undefined}
          />
        )}
      </QueryState>
    </>
  );
}
