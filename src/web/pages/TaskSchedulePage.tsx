/**
 * Ferramentas › Agenda de tarefas: IXC's scheduled tasks — the queue drains ("Envia Mensagens Omnichannel da
 * Fila"…) and whatever else registers a type — with their schedule, Executar agora and the run history. Admins
 * create and change tasks; operators preview and run them; viewers read.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SuccessAlert } from '../components/Alert.js';
import { PageHeader } from '../components/PageHeader.js';
import { QueryState } from '../components/QueryState.js';
import { CreateButton, useEditorPanel } from '../components/useEditorPanel.js';
import { canSee } from '../menu.js';
import { refreshWhile } from '../components/refresh.js';
import { useSession } from '../session.js';
import { taskKeys, tasksApi } from '../tasks/api.js';
import { RunHistory } from '../tasks/RunHistory.js';
import { TaskForm } from '../tasks/TaskForm.js';
import { TaskList } from '../tasks/TaskList.js';

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
  const editor = useEditorPanel<number>();
  const { panel, flash, setFlash } = editor;
  const open = list.data?.find((task) => task.id === editor.item);

  return (
    <>
      <PageHeader
        title={t('tasks.title')}
        intro={t('tasks.intro')}
        actions={
          canEdit && (
<CreateButton label={t('tasks.new')} onClick={editor.create} />
          )
        }
      />
      <SuccessAlert message={flash} onClose={() => setFlash(null)} />
      {types.data && (panel.kind === 'create' || open) && (
        <TaskForm
          key={editor.formKey(open?.id)}
          task={open}
          types={types.data}
          canEdit={canEdit}
          canRun={canRun}
          onSaved={(task, created) => {
            editor.open(task.id);
            setFlash(t(created ? 'tasks.created' : 'tasks.saved', { name: task.description }));
          }}
          onDeleted={(task) => {
            editor.close();
            setFlash(t('tasks.deleted', { name: task.description }));
          }}
          onStarted={(task, runId) => setFlash(t('tasks.started', { name: task.description, id: runId }))}
          onClose={editor.close}
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
              onOpen={(task) => editor.open(task.id)}
            />
          )
        }
      </QueryState>
    </>
  );
}
