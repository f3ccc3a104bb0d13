/**
 * What a plan (`explain (format json)`'s row) reads of a table: each scan node on it as "Node Type Index Name",
 * e.g. "Index Only Scan logins_nas_online_idx" or "Seq Scan" (writes, ModifyTable, are not reads).
 */
export function scansOf(planRow: { 'QUERY PLAN': unknown } | undefined, relation: string): string[] {
  if (!planRow) throw new Error('scansOf: no plan');
  const found: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (node['Relation Name'] === relation && node['Node Type'] !== 'ModifyTable') {
      found.push(`${node['Node Type']} ${node['Index Name'] ?? ''}`.trim());
    }
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk((planRow['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0]!.Plan);
  return found;
}
