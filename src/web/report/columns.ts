/**
 * Which columns of the report grid a user sees. The default set fits a 1366 px screen without scrolling sideways;
 * the column chooser adds the others (the grid then scrolls, login and client stay in view). Remembered per user
 * in the browser; login and client are always shown.
 */
import { useEffect, useState } from 'react';

export const gridColumnIds = [
  'login',
  'clientName',
  'contractId',
  'online',
  'sessionStartedAt',
  'sessionEndedAt',
  'offlineSeconds',
  'disconnectReason',
  'nasName',
  'popName',
  'ftthBoxName',
  'cityName',
  'neighbourhood',
  'mobile',
] as const;
export type GridColumnId = (typeof gridColumnIds)[number];

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

function read(userId: number | undefined): GridColumnId[] {
  try {
    const saved = JSON.parse(localStorage.getItem(keyOf(userId)) ?? 'null') as unknown;
    if (Array.isArray(saved)) {
      const known = saved.filter((id): id is GridColumnId => (gridColumnIds as readonly string[]).includes(id as string));
      return normalise(known);
    }
  } catch {
    // a damaged entry: the defaults
  }
  return [...defaultColumns];
}

/** In the grid's order, with the fixed columns. */
function normalise(ids: readonly GridColumnId[]): GridColumnId[] {
  const wanted = new Set([...fixedColumns, ...ids]);
  return gridColumnIds.filter((id) => wanted.has(id));
}

export function useGridColumns(userId: number | undefined): {
  visible: GridColumnId[];
  toggle: (id: GridColumnId) => void;
  reset: () => void;
} {
  const [visible, setVisible] = useState<GridColumnId[]>(() => read(userId));
  useEffect(() => setVisible(read(userId)), [userId]);
  const save = (ids: GridColumnId[]) => {
    const next = normalise(ids);
    localStorage.setItem(keyOf(userId), JSON.stringify(next));
    setVisible(next);
  };
  return {
    visible,
    toggle: (id) => save(visible.includes(id) ? visible.filter((c) => c !== id) : [...visible, id]),
    reset: () => save([...defaultColumns]),
  };
}
