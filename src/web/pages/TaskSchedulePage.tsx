/**
 * Ferramentas › Agenda de tarefas: IXC's scheduled tasks — the queue drains ("Envia Mensagens Omnichannel da
 * Fila"…) and whatever else registers a type — with their schedule, Executar agora and the run history. Admins
 * create and change tasks; operators preview and run them; viewers read.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SuccessAlert } from '../components/Alert.js';
import { PageHeader } from '../components/PageHeader.js';
import { QueryState } from '../components/QueryState.js';
import { canSee } from '../menu.js';
import { refreshWhile } from '../queue/logic.js';
import { useSession } from '../session.js';
import { taskKeys, tasksApi } from '../tasks/api.js';
import { RunHistory } from '../tasks/RunHistory.js';
import { TaskForm } from '../tasks/TaskForm.js';
import { TaskList } from '../tasks/TaskList.js';

type Panel = { kind: 'none' } | { kind: 'create'; seq: number } | { kind: 'open'; id: number };

export function TaskSchedulePage() {
  const { t } = useTranslation();
  const session = useSession();
  const role = session?.user.role ?? 'viewer';
  const canEdit = role === 'admin';
  const canRun = canSee(role, 'operator');
  const list = useQuery({
    queryKey: taskKeys.list,
    queryFn: tasksApi.list,
    refetchInterval: (query) => refreshWhile(query.state.data?.some((task) => task.lastRun?.status === 'running') ?? false),
  });
  const types = useQuery({ queryKey: taskKeys.types, queryFn: tasksApi.types, staleTime: Number.POSITIVE_INFINITY });
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [flash, setFlash] = useState<string | null>(null);
  const open = panel.kind === 'open' ? list.data?.find((task) => task.id === panel.id) : undefined;

  const show = (next: Panel) => {
    setFlash(null);
    setPanel(next);
    requestAnimationFrame(() => window.scrollTo({ top: 0 }));
  };

  return (
    <>
      <PageHeader
        title={t('tasks.title')}
        intro={t('tasks.intro')}
        actions={
          canEdit && (
            <button type="button" className="button-primary" onClick={() => show({ kind: 'create', seq: Date.now() })}>
              {t('tasks.new')}
            </button>
          )
        }
      />
      <SuccessAlert message={flash} onClose={() => setFlash(null)} />
      {types.data && (panel.kind === 'create' || open) && (
        <TaskForm
          key={panel.kind === 'create' ? `create-${panel.seq}` : `open-${open?.id}`}
          task={open}
          types={types.data}
          canEdit={canEdit}
          canRun={canRun}
          onSaved={(task, created) => {
            setPanel({ kind: 'open', id: task.id });
            setFlash(t(created ? 'tasks.created' : 'tasks.saved', { name: task.description }));
          }}
          onDeleted={(task) => {
            setPanel({ kind: 'none' });
            setFlash(t('tasks.deleted', { name: task.description }));
          }}
          onStarted={(task, runId) => setFlash(t('tasks.started', { name: task.description, id: runId }))}
          onClose={() => setPanel({ kind: 'none' })}
        />
      )}
      {open && <RunHistory key={open.id} task={open} />}
      <QueryState query={list}>
        {(tasks) =>
          tasks.length === 0 ? (
            <p className="muted">{t('tasks.empty')}</p>
          ) : (
            <TaskList
              tasks={tasks}
              types={types.data ?? []}
              canEdit={canEdit}
              openId={open?.id ?? null}
              onOpen={(task) => show({ kind: 'open', id: task.id })}
            />
          )
        }
      </QueryState>
    </>
  );
}
