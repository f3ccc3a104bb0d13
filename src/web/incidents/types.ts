/** Incidentes as the UI sees it: the server's schemas (src/incidents/contract.ts), dates as ISO strings. */
import type { ResponseOf } from '../../shared/contract.js';
import type { z } from 'zod';
import type { incidentsContract } from '../../incidents/contract.js';
import type { maintenanceContract } from '../../incidents/maintenance-contract.js';
import type { maintenanceInputSchema } from '../../incidents/maintenance-schemas.js';
import type { manualIncidentInputSchema } from '../../incidents/schemas.js';

export type Incident = ResponseOf<typeof incidentsContract.get>['incident'];
export type IncidentEvent = ResponseOf<typeof incidentsContract.timeline>['events'][number];
export type IncidentSettings = ResponseOf<typeof incidentsContract.settings>;
export type IncidentRule = IncidentSettings['rules'][number];
export type IncidentMessages = IncidentSettings['messages'][keyof IncidentSettings['messages']];
export type ManualIncidentBody = z.input<typeof manualIncidentInputSchema>;
export type Maintenance = ResponseOf<typeof maintenanceContract.get>['maintenance'];
export type MaintenanceBody = z.input<typeof maintenanceInputSchema>;
