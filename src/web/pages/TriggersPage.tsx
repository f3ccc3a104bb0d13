/**
 * Sistema › CRM › Gatilhos de envio: rules that send from a saved filter of the Relatório de status logins when the
 * Agenda de tarefas runs "Executa gatilhos de envio" — the list with each rule's last evaluation, the rule form
 * with Simular, and the rule's history where held runs wait for Confirmar envio / Descartar. Admins edit rules;
 * operators simulate and decide on held runs; viewers read.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SuccessAlert } from '../components/Alert.js';
import { PageHeader } from '../components/PageHeader.js';
import { QueryState } from '../components/QueryState.js';
import { canSee } from '../menu.js';
import { useSession } from '../session.js';
import { triggerKeys, triggersApi } from '../triggers/api.js';
import { RuleHistory } from '../triggers/RuleHistory.js';
import { TriggerForm } from '../triggers/TriggerForm.js';
import { TriggerList } from '../triggers/TriggerList.js';

type Panel = { kind: 'none' } | { kind: 'create'; seq: number } | { kind: 'open'; id: number };

/** The list refreshes on its own: the Agenda de tarefas evaluates rules while the page is open. */
const REFRESH_MS = 10_000;

export function TriggersPage() {
  const { t } = useTranslation();
  const session = useSession();
  const role = session?.user.role ?? 'viewer';
  const canEdit = role === 'admin';
  const canOperate = canSee(role, 'operator');
  const list = useQuery({ queryKey: triggerKeys.list, queryFn: triggersApi.list, refetchInterval: REFRESH_MS });
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [flash, setFlash] = useState<string | null>(null);
  const open = panel.kind === 'open' ? list.data?.find((rule) => rule.id === panel.id) : undefined;

  const show = (next: Panel) => {
    setFlash(null);
    setPanel(next);
    requestAnimationFrame(() => window.scrollTo({ top: 0 }));
  };

  return (
    <>
      <PageHeader
        title={t('triggers.title')}
        intro={t('triggers.intro')}
        actions={
          canEdit && (
            <button type="button" className="button-primary" onClick={() => show({ kind: 'create', seq: Date.now() })}>
              {t('triggers.new')}
            </button>
          )
        }
      />
      <SuccessAlert message={flash} onClose={() => setFlash(null)} />
      {(panel.kind === 'create' || open) && (
        <TriggerForm
          key={panel.kind === 'create' ? `create-${panel.seq}` : `open-${open?.id}`}
          rule={open}
          canEdit={canEdit}
          canSimulate={canOperate}
          onSaved={(rule, created) => {
            setPanel({ kind: 'open', id: rule.id });
            setFlash(t(created ? 'triggers.created' : 'triggers.saved', { name: rule.name }));
          }}
          onDeleted={(rule) => {
            setPanel({ kind: 'none' });
            setFlash(t('triggers.deleted', { name: rule.name }));
          }}
          onClose={() => setPanel({ kind: 'none' })}
        />
      )}
      {open && <RuleHistory key={open.id} rule={open} canDecide={canOperate} />}
      <QueryState query={list}>
        {(rules) =>
          rules.length === 0 ? (
            <p className="muted">{t('triggers.empty')}</p>
          ) : (
            <TriggerList rules={rules} canEdit={canEdit} openId={open?.id ?? null} onOpen={(rule) => show({ kind: 'open', id: rule.id })} />
          )
        }
      </QueryState>
    </>
  );
}
