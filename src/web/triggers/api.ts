/** Calls of Sistema › CRM › Gatilhos de envio and their query keys. */
import { api } from '../api.js';
import type { DryRun, RunPage, TriggerInput, TriggerRule, TriggerRun } from './types.js';

const base = '/api/triggers';

export const triggersApi = {
  list: () => api.get<{ rules: TriggerRule[] }>(base).then((r) => r.rules),
  create: (input: TriggerInput) => api.post<{ rule: TriggerRule }>(base, input).then((r) => r.rule),
  update: (id: number, input: TriggerInput) => api.put<{ rule: TriggerRule }>(`${base}/${id}`, input).then((r) => r.rule),
  remove: (id: number) => api.delete(`${base}/${id}`),
  runs: (id: number, page: number, pageSize: number) => api.get<RunPage>(`${base}/${id}/runs?page=${page}&pageSize=${pageSize}`),
  /** Simular the form as it is; `ruleId`: the saved rule it edits (its cooldown counts). */
  dryRunDraft: (input: TriggerInput, ruleId?: number) =>
    api.post<{ dryRun: DryRun }>(`${base}/dry-run`, ruleId === undefined ? input : { ...input, ruleId }).then((r) => r.dryRun),
  /** Simular a saved rule (operators, who cannot edit it). */
  dryRunSaved: (id: number) => api.post<{ dryRun: DryRun }>(`${base}/${id}/dry-run`).then((r) => r.dryRun),
  confirm: (runId: number) => api.post<{ run: TriggerRun }>(`/api/trigger-runs/${runId}/confirm`).then((r) => r.run),
  discard: (runId: number) => api.post<{ run: TriggerRun }>(`/api/trigger-runs/${runId}/discard`).then((r) => r.run),
};

export const triggerKeys = {
  all: ['triggers'] as const,
  list: ['triggers', 'list'] as const,
  runs: (id: number, page: number) => ['triggers', id, 'runs', page] as const,
};
