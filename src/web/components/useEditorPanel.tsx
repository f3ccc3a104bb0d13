/**
 * The list-and-form page (Integrações, Mensagens, Agenda de tarefas, Gatilhos): nothing open, a new item's form, or
 * an item's form; a success line after an action; opening a form scrolls to the top, where the form is.
 */
import { useState } from 'react';

export type EditorPanel<T> = { kind: 'none' } | { kind: 'create'; seq: number } | { kind: 'open'; item: T };

export function useEditorPanel<T>() {
  const [panel, setPanel] = useState<EditorPanel<T>>({ kind: 'none' });
  const [flash, setFlash] = useState<string | null>(null);
  const show = (next: EditorPanel<T>) => {
    setFlash(null);
    setPanel(next);
    requestAnimationFrame(() => window.scrollTo({ top: 0 }));
  };
  return {
    panel,
    flash,
    setFlash,
    /** A new, empty form (a new key each time, so a second click starts over). */
    create: () => show({ kind: 'create', seq: Date.now() }),
    open: (item: T) => show({ kind: 'open', item }),
    close: () => setPanel({ kind: 'none' }),
    /** The open item, or undefined while nothing or a new form is open. */
    item: panel.kind === 'open' ? panel.item : undefined,
    /** The form's React key: a different item (or a new form) mounts a fresh form. */
    formKey: (id: number | undefined) => (panel.kind === 'create' ? `create-${panel.seq}` : `open-${id}`),
  };
}

/** The page header's "Nova …" button. */
export function CreateButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="button-primary" onClick={onClick}>
      {label}
    </button>
  );
}
