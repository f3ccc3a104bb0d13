/**
 * The report keeps each user's last view: leaving Status logins through the menu and coming back opens the last
 * filter, sort and page again. The URL stays the truth — a link with a filter wins and becomes the remembered
 * view; the remembered view, when restored, is put in the URL (so it can be shared). Limpar forgets it. Kept in
 * the browser (localStorage), per signed-in user.
 */
import { useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { validateReportSearch, type ReportSearch } from './search.js';

const keyOf = (userId: number) => `avisa.report.last.${userId}`;

function recall(userId: number): ReportSearch | null {
  try {
    const raw = localStorage.getItem(keyOf(userId));
    if (!raw) return null;
    const search = validateReportSearch(JSON.parse(raw) as Record<string, unknown>);
    return search.f ? search : null;
  } catch {
    return null;
  }
}

export function forgetReport(userId: number | undefined): void {
  if (userId !== undefined) localStorage.removeItem(keyOf(userId));
}

/** Restores the user's last view when the report opens without one; remembers every view with a filter. */
export function useRememberedReport(path: '/relatorios/status-logins', search: ReportSearch, userId: number | undefined): void {
  const navigate = useNavigate();
  const serialized = JSON.stringify(search);
  useEffect(() => {
    if (userId === undefined) return;
    const current = JSON.parse(serialized) as ReportSearch;
    if (current.f) {
      localStorage.setItem(keyOf(userId), serialized);
      return;
    }
    if (Object.keys(current).length > 0) return; // a page or sort without a filter: not a view to replace
    const last = recall(userId);
    if (last) void navigate({ to: path, search: last, replace: true });
  }, [serialized, userId, navigate, path]);
}
