/** Incidentes as the UI sees it: the server's schemas (src/incidents/contract.ts), dates as ISO strings. */
import type { ResponseOf } from '../../shared/contract.js';
import type { incidentsContract } from '../../incidents/contract.js';

export type Incident = ResponseOf<typeof incidentsContract.get>['incident'];
export type IncidentEvent = ResponseOf<typeof incidentsContract.timeline>['events'][number];
export type IncidentSettings = ResponseOf<typeof incidentsContract.settings>;
export type IncidentRule = IncidentSettings['rules'][number];
export type IncidentMessages = IncidentSettings['messages'][keyof IncidentSettings['messages']];
