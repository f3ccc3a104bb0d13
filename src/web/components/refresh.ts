/** How often a screen asks again while something it shows is still moving (a drain, a run, an import). */
const REFRESH_MS = 3_000;

/** refetchInterval of a query: every 3 s while `active`, else never (a finished batch or run costs no requests). */
export function refreshWhile(active: boolean): number | false {
  return active ? REFRESH_MS : false;
}
