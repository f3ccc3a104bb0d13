/**
 * Sistema › CRM › Gatilhos de envio: rules that send from a saved filter of the Relatório de status logins when the
 * Agenda de tarefas runs "Executa gatilhos de envio" — the list with each rule's last evaluation, the rule form
 * with Simular, and the rule's history where held runs wait for Confirmar envio / Descartar. Admins edit rules;
 * operators simulate and decide on held runs; viewers read.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SuccessAlert } from '../components/Alert.js';
import { PageHeader } from '../components/PageHeader.js';
import { QueryState } from '../components/QueryState.js';
import { CreateButton, useEditorPanel } from '../components/useEditorPanel.js';
import { canSee } from '../menu.js';
import { useSession } from '../session.js';
import { triggerKeys, triggersApi } from '../triggers/api.js';
import { RuleHistory } from '../triggers/RuleHistory.js';
import { TriggerForm } from '../triggers/TriggerForm.js';
import { TriggerList } from '../triggers/TriggerList.js';

/** The list refreshes on its own: the Agenda de tarefas evaluates rules while the page is open. */
const REFRESH_MS = 10_000;

export function TriggersPage() {
  const { t } = useTranslation();
  const session = useSession();
  const role = session?.user.role ?? 'viewer';
  const canEdit = role === 'admin';
  const canOperate = canSee(role, 'operator');
  const list = useQuery({ queryKey: triggerKeys.list, queryFn: triggersApi.list, refetchInterval: REFRESH_MS });
  const editor = useEditorPanel<number>();
  const { panel, flash, setFlash } = editor;
  const open = list.data?.find((rule) => rule.id === editor.item);

  return (
    <>
      <PageHeader
        title={t('triggers.title')}
        intro={t('triggers.intro')}
        actions={
          canEdit && (
<CreateButton label={t('triggers.new')} onClick={editor.create} />
          )
        }
      />
      <SuccessAlert message={flash} onClose={() => setFlash(null)} />
      {(panel.kind === 'create' || open) && (
        <TriggerForm
          key={editor.formKey(open?.id)}
          rule={open}
          canEdit={canEdit}
          canSimulate={canOperate}
          onSaved={(rule, created) => {
            editor.open(rule.id);
            setFlash(t(created ? 'triggers.created' : 'triggers.saved', { name: rule.name }));
          }}
          onDeleted={(rule) => {
            editor.close();
            setFlash(t('triggers.deleted', { name: rule.name }));
          }}
          onClose={editor.close}
        />
      )}
      {open && <RuleHistory key={open.id} rule={open} canDecide={canOperate} />}
      <QueryState query={list}>
        {(rules) =>
          rules.length === 0 ? (
            <p className="muted">{t('triggers.empty')}</p>
          ) : (
            <TriggerList rules={rules} canEdit={canEdit} openId={open?.id ?? null} onOpen={(rule) => editor.open(rule.id)} />
          )
        }
      </QueryState>
    </>
  );
}
