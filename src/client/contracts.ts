/** Every capability's contract, by the name the client uses for it. A capability's endpoints appear here once. */
import { sourcesContract } from '../ingest/contract.js';
import { logsContract } from '../logs/contract.js';
import { tasksContract } from '../tasks/contract.js';

export const contracts = {
  logs: logsContract,
  sources: sourcesContract,
  tasks: tasksContract,
};
