/** Every capability's contract, by the name the client uses for it. A capability's endpoints appear here once. */
import { auditContract } from '../audit/contract.js';
import { authContract, tokensContract, usersContract } from '../auth/contract.js';
import { importsContract } from '../imports/contract.js';
import { sourcesContract } from '../ingest/contract.js';
import { logsContract } from '../logs/contract.js';
import { messagesContract } from '../messages/contract.js';
import { metricsContract } from '../metrics/contract.js';
import { integrationsContract } from '../providers/contract.js';
import { queueContract } from '../queue/contract.js';
import { sendContract } from '../queue/send-contract.js';
import { reportContract, savedFiltersContract } from '../report/contract.js';
import { systemContract } from '../system/contract.js';
import { tasksContract } from '../tasks/contract.js';
import { triggersContract } from '../triggers/contract.js';
import { incidentsContract } from '../incidents/contract.js';
import { maintenanceContract } from '../incidents/maintenance-contract.js';
import { webhooksContract } from '../webhooks/contract.js';
import { optoutContract } from '../optout/contract.js';
import { receiptsContract } from '../receipts/contract.js';

export const contracts = {
  logs: logsContract,
  integrations: integrationsContract,
  messages: messagesContract,
  queue: queueContract,
  triggers: triggersContract,
  incidents: incidentsContract,
  maintenance: maintenanceContract,
  imports: importsContract,
  webhooks: webhooksContract,
  sources: sourcesContract,
  tasks: tasksContract,
  system: systemContract,
  audit: auditContract,
  auth: authContract,
  users: usersContract,
  tokens: tokensContract,
  report: reportContract,
  savedFilters: savedFiltersContract,
  send: sendContract,
  optout: optoutContract,
  receipts: receiptsContract,
  metrics: metricsContract,
};
