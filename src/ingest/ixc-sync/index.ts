/**
 * IXC webservice sync: `runIxcSync` (one full or incremental run of an `ixc` status source), its settings, the
 * webservice client, the simulator used by tests and the demo, and the Agenda de tarefas task type "Sincroniza
 * IXC" (`ixcSyncTaskType`, listed by src/app/task-types.ts) with Sincronizar agora's own task per source.
 */
export { createIxcClient, type IxcClient, IxcError, type IxcListQuery, type IxcPage } from './client.js';
export {
  basicAuth,
  type IxcSourceConfig,
  type IxcSourceConfigInput,
  ixcConfigSchema,
  MAX_PAGE_SIZE,
  normaliseIxcUrl,
  parseIxcConfig,
  parseSourceConfig,
  prepareSourceInput,
  splitIxcToken,
} from './config.js';
export { formatRecordError, type IxcSourceCursor, type IxcSyncOptions, type IxcSyncProgress, type IxcSyncResult, runIxcSync } from './engine.js';
export { demoIxcTables, type IxcRecord, type IxcTables } from './sim-seed.js';
export { DEFAULT_IXC_SIM_TOKEN, DEFAULT_IXC_SIM_USER, type IxcSimulator, startIxcSimulator } from './simulator.js';
export type { RecordError } from './store.js';
export { syncTables } from './tables.js';

export { IXC_SYNC_TASK_TYPE, type IxcSyncTaskOptions, ixcSyncTaskOptionsSchema, ixcSyncTaskType, runIxcSyncTask } from './task.js';
export { sourceSyncTask } from './source-task.js';
