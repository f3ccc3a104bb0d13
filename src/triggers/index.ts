/**
 * Gatilhos de envio: rules that send from a saved filter of the Relatório de status logins on the Agenda de
 * tarefas' schedule. The public surface of src/triggers.
 */
export { confirmRun, discardRun } from './decide.js';
export { type DryRun, type DryRunMessage, dryRun, dryRunRule } from './dry-run.js';
export { type Evaluation, evaluateRule, ruleRow, runTriggers, type TriggersSummary } from './evaluate.js';
export { createRule, deleteRule, getRule, listRules, updateRule } from './rules.js';
export { getTriggerRun, listRuleRuns, type RunPage, runPageSchema } from './runs.js';
export * from './schemas.js';
export { TRIGGERS_TASK_TYPE, triggersTaskType } from './task.js';
