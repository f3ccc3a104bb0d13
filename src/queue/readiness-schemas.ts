/** Whether what is queued can leave, as the API answers it (browser-safe): see ./readiness.ts. */
import { z } from 'zod';
import { channels } from '../shared/vocabulary.js';

/** Why rows would wait: each names what to fix (the Agenda or the integration). */
export const readinessProblems = ['no_drain_task', 'drain_disabled', 'integration_inactive', 'integration_halted'] as const;
export type ReadinessProblem = (typeof readinessProblems)[number];

const integrationReadinessSchema = z.object({
  id: z.number().int(),
  description: z.string(),
  problem: z.enum(readinessProblems).nullable(),
  pending: z.number().int(),
});

const channelReadinessSchema = z.object({
  channel: z.enum(channels),
  /** The channel's drain task to open in the Agenda (the first enabled one, else the first), or null. */
  taskId: z.number().int().nullable(),
  /** null: an enabled drain exists. */
  drainProblem: z.enum(readinessProblems).nullable(),
  /** Rows waiting on the channel (pending, claimed or sending). */
  pending: z.number().int(),
  integrations: z.array(integrationReadinessSchema),
});

export const readinessSchema = z.object({ channels: z.array(channelReadinessSchema) });
export type Readiness = z.output<typeof readinessSchema>;

/** What a send of one message would meet: null problems when its rows will leave at the drain's next run. */
export const sendReadinessSchema = z.object({
  ready: z.boolean(),
  problems: z.array(z.enum(readinessProblems)),
  taskId: z.number().int().nullable(),
  integrationId: z.number().int(),
  /** Set when it is quiet hours now: non-urgent rows wait until `end` (installation time). */
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
});
export type SendReadiness = z.output<typeof sendReadinessSchema>;

