/** The report's sortable columns. Zod-free, so the web UI imports the same list without bundling zod. */
export const sortColumns = [
  'login',
  'clientName',
  'clientId',
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
  'planName',
] as const;
export type SortColumn = (typeof sortColumns)[number];
