/** Every capability's contract, by the name the client uses for it. A capability's endpoints appear here once. */
import { logsContract } from '../logs/contract.js';
import { integrationsContract } from '../providers/contract.js';

export const contracts = {
  logs: logsContract,
  integrations: integrationsContract,
};
