/** Calls of Incidentes and their query keys. */
import { avisa } from '../client.js';
import type { IncidentMessages, IncidentRule, ManualIncidentBody } from './types.js';

export interface EtaBody {
  eta?: string | null;
  note?: string;
}

export const incidentsApi = {
  stats: () => avisa.incidents.stats({}),
  list: (query: { open?: 'true' | 'false'; page: number; pageSize: number }) => avisa.incidents.list({ query }),
  get: (id: number) => avisa.incidents.get({ params: { id } }).then((r) => r.incident),
  timeline: (id: number) => avisa.incidents.timeline({ params: { id } }).then((r) => r.events),
  create: (body: ManualIncidentBody) => avisa.incidents.create({ body }),
  confirm: (id: number, body: EtaBody) => avisa.incidents.confirm({ params: { id }, body }),
  update: (id: number, body: EtaBody & { notify: boolean }) => avisa.incidents.update({ params: { id }, body }),
  discard: (id: number) => avisa.incidents.discard({ params: { id } }),
  restore: (id: number) => avisa.incidents.restore({ params: { id } }),
  close: (id: number) => avisa.incidents.close({ params: { id } }),
  merge: (id: number, into: number) => avisa.incidents.merge({ params: { id }, body: { into } }),
  settings: () => avisa.incidents.settings({}),
  saveSettings: (kind: IncidentRule['kind'], rule: Omit<IncidentRule, 'kind' | 'custom'>, messages: IncidentMessages) =>
    avisa.incidents.saveSettings({ body: { kind, rule, messages } }),
};

export const incidentKeys = {
  all: ['incidents'] as const,
  open: ['incidents', 'open'] as const,
  list: (page: number) => ['incidents', 'list', page] as const,
  one: (id: number) => ['incidents', id] as const,
  timeline: (id: number) => ['incidents', id, 'timeline'] as const,
  settings: ['incidents', 'settings'] as const,
  stats: ['incidents', 'stats'] as const,
};

/** Incidentes' address: `/incidentes?id=<id>` opens one. */
export function validateIncidentSearch(search: Record<string, unknown>): { id?: number } {
  const raw = search.id;
  const id = typeof raw === 'string' ? Number(raw) : raw;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? { id } : {};
}
