/**
 * Configurações › Integrações: the Opa! Suite, SMTP and SMS gateway connections the notices go out through.
 * Admins create, edit, test and delete them; operators see the list (the send form needs it).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SuccessAlert } from '../components/Alert.js';
import { Forbidden } from '../components/NotFound.js';
import { PageHeader } from '../components/PageHeader.js';
import { QueryState } from '../components/QueryState.js';
import { integrationKeys, integrationsApi } from '../integrations/api.js';
import { IntegrationForm } from '../integrations/IntegrationForm.js';
import { IntegrationList } from '../integrations/IntegrationList.js';
import type { Integration } from '../integrations/types.js';
import { canSee } from '../menu.js';
import { useSession } from '../session.js';

type Panel = { kind: 'none' } | { kind: 'create'; seq: number } | { kind: 'edit'; integration: Integration };

export function IntegrationsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const role = session?.user.role ?? 'viewer';
  const canList = canSee(role, 'operator');
  const isAdmin = role === 'admin';
  const list = useQuery({ queryKey: integrationKeys.list(), queryFn: () => integrationsApi.list(), enabled: canList });
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [flash, setFlash] = useState<string | null>(null);

  if (!canList) return <Forbidden title={t('integrations.title')} />;

  const open = (next: Panel) => {
    setFlash(null);
    setPanel(next);
    requestAnimationFrame(() => window.scrollTo({ top: 0 }));
  };

  return (
    <>
      <PageHeader
        title={t('integrations.title')}
        intro={t('integrations.intro')}
        actions={
          isAdmin && (
            <button type="button" className="button-primary" onClick={() => open({ kind: 'create', seq: Date.now() })}>
              {t('integrations.new')}
            </button>
          )
        }
      />
      {!isAdmin && <p className="muted small">{t('integrations.readOnly')}</p>}
      <SuccessAlert message={flash} onClose={() => setFlash(null)} />
      {isAdmin && panel.kind !== 'none' && (
        <IntegrationForm
          key={panel.kind === 'edit' ? `edit-${panel.integration.id}` : `create-${panel.seq}`}
          integration={panel.kind === 'edit' ? panel.integration : undefined}
          onSaved={(integration, created) =>
            setFlash(t(created ? 'integrations.created' : 'integrations.saved', { name: integration.description }))
          }
          onDeleted={(integration) => {
            setPanel({ kind: 'none' });
            setFlash(t('integrations.deleted', { name: integration.description }));
          }}
          onClose={() => setPanel({ kind: 'none' })}
        />
      )}
      <QueryState query={list}>
        {(integrations) => (
          <IntegrationList
            integrations={integrations}
            onEdit={isAdmin ? (integration) => open({ kind: 'edit', integration }) : undefined}
          />
        )}
      </QueryState>
    </>
  );
}
