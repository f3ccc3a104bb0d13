/** Calls of Sistema › CRM › Gatilhos de envio and their query keys. */
import { avisa } from '../client.js';
import type { TriggerInput } from './types.js';

export const triggersApi = {
  list: () => avisa.triggers.list().then((r) => r.rules),
  create: (input: TriggerInput) => avisa.triggers.create({ body: input }).then((r) => r.rule),
  update: (id: number, input: TriggerInput) => avisa.triggers.update({ params: { id }, body: input }).then((r) => r.rule),
  remove: (id: number) => avisa.triggers.remove({ params: { id } }),
  runs: (id: number, page: number, pageSize: number) => avisa.triggers.runs({ params: { id }, query: { page, pageSize } }),
  /** Simular the form as it is; `ruleId`: the saved rule it edits (its cooldown counts). */
  dryRunDraft: (input: TriggerInput, ruleId?: number) =>
    avisa.triggers.dryRunDraft({ body: ruleId === undefined ? input : { ...input, ruleId } }).then((r) => r.dryRun),
  /** Simular a saved rule (operators, who cannot edit it). */
  dryRunSaved: (id: number) => avisa.triggers.dryRunSaved({ params: { id } }).then((r) => r.dryRun),
  confirm: (runId: number) => avisa.triggers.confirm({ params: { id: runId } }).then((r) => r.run),
  discard: (runId: number) => avisa.triggers.discard({ params: { id: runId } }).then((r) => r.run),
};

export const triggerKeys = {
  all: ['triggers'] as const,
  list: ['triggers', 'list'] as const,
  runs: (id: number, page: number) => ['triggers', id, 'runs', page] as const,
};
