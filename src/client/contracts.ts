/** Every capability's contract, by the name the client uses for it. A capability's endpoints appear here once. */
import { auditContract } from '../audit/contract.js';
import { authContract, tokensContract, usersContract } from '../auth/contract.js';
import { logsContract } from '../logs/contract.js';
import { sendContract } from '../queue/send-contract.js';
import { reportContract, savedFiltersContract } from '../report/contract.js';
import { systemContract } from '../system/contract.js';

export const contracts = {
  logs: logsContract,
  system: systemContract,
  audit: auditContract,
  auth: authContract,
  users: usersContract,
  tokens: tokensContract,
  report: reportContract,
  savedFilters: savedFiltersContract,
  send: sendContract,
};
