/** Every capability's contract, by the name the client uses for it. A capability's endpoints appear here once. */
import { importsContract } from '../imports/contract.js';
import { logsContract } from '../logs/contract.js';
import { webhooksContract } from '../webhooks/contract.js';

export const contracts = {
  logs: logsContract,
  imports: importsContract,
  webhooks: webhooksContract,
};
