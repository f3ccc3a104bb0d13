/**
 * Which columns of the report grid a user sees. The default set fits a 1366 px screen without scrolling sideways;
 * the column chooser adds the others (the grid then scrolls, login and client stay in view). Remembered per user
 * in the browser; login and client are always shown.
 */
import { useEffect, useState } from 'react';
import type { SortColumn } from './types.js';

/** A column of the grid (src/web/report/ResultsGrid.tsx lists them, in order): a sortable one, or the mobile. */
export type GridColumnId = SortColumn | 'mobile';

/** Always shown (and sticky when the grid scrolls). */
export const fixedColumns: readonly GridColumnId[] = ['login', 'clientName'];

const defaultColumns: readonly GridColumnId[] = [
  'login',
  'clientName',
  'online',
  'sessionEndedAt',
  'offlineSeconds',
  'nasName',
  'popName',
  'ftthBoxName',
];

const keyOf = (userId: number | undefined) => `avisa.report.columns.${userId ?? 'anonymous'}`;

function read(userId: number | undefined, all: readonly GridColumnId[]): GridColumnId[] {
  try {
    const saved = JSON.parse(localStorage.getItem(keyOf(userId)) ?? 'null') as unknown;
    if (Array.isArray(saved)) {
      const known = saved.filter((id): id is GridColumnId => (all as readonly string[]).includes(id as string));
      return normalise(known, all);
    }
  } catch {
    // a damaged entry: the defaults
  }
  return [...defaultColumns];
}

/** In the grid's order, with the fixed columns. */
function normalise(ids: readonly GridColumnId[], all: readonly GridColumnId[]): GridColumnId[] {
  const wanted = new Set([...fixedColumns, ...ids]);
  return all.filter((id) => wanted.has(id));
}

/** `all`: every column of the grid, in its order. */
export function useGridColumns(
  userId: number | undefined,
  all: readonly GridColumnId[],
): {
  visible: GridColumnId[];
  toggle: (id: GridColumnId) => void;
  reset: () => void;
} {
  const [visible, setVisible] = useState<GridColumnId[]>(() => read(userId, all));
  useEffect(() => setVisible(read(userId, all)), [userId, all]);
  const save = (ids: GridColumnId[]) => {
    const next = normalise(ids, all);
    localStorage.setItem(keyOf(userId), JSON.stringify(next));
    setVisible(next);
  };
  return {
    visible,
    toggle: (id) => save(visible.includes(id) ? visible.filter((c) => c !== id) : [...visible, id]),
    reset: () => save([...defaultColumns]),
  };
}
