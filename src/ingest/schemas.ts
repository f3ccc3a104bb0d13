/**
 * Fontes de status (IXC webservice, RADIUS accounting, FreeRADIUS radacct) as the API and the UI see them
 * (browser-safe): a source with its settings (never its secret: `hasSecret` and the last characters), its runs,
 * and what creating, changing and syncing one takes.
 */
import { z } from 'zod';
import { syncModes, syncRunStatuses } from '../shared/vocabulary.js';

export const sourceKinds = ['ixc', 'radius', 'radacct'] as const;
export type SourceKind = (typeof sourceKinds)[number];

const common = {
  description: z.string().trim().min(1, 'is required').max(100),
  config: z.record(z.string(), z.unknown()),
  active: z.boolean(),
};

export const sourceInputSchema = z.strictObject({
  kind: z.enum(sourceKinds),
  ...common,
  secret: z.string().trim().min(1).max(4096).optional(),
  active: common.active.default(true),
});

/** Omitted fields stay; `secret: null` removes the secret. */
export const sourcePatchSchema = z.strictObject({ ...common, secret: z.string().trim().min(1).max(4096).nullable() }).partial();

export type SourceInput = z.input<typeof sourceInputSchema>;
export type SourcePatch = z.input<typeof sourcePatchSchema>;

/** Per table (or any key the source chooses): what was read, written and rejected. */
export const runCountsSchema = z.record(z.string(), z.object({ read: z.number(), written: z.number(), rejected: z.number() }));
export type RunCounts = z.output<typeof runCountsSchema>;

/** One run of a source, as the API shows it (its resume cursor stays inside). */
export const syncRunSchema = z.object({
  id: z.number().int(),
  sourceId: z.number().int(),
  mode: z.enum(syncModes),
  status: z.enum(syncRunStatuses),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
  counts: runCountsSchema,
  error: z.string().nullable(),
});

export const sourceSchema = z.object({
  id: z.number().int(),
  kind: z.enum(sourceKinds),
  description: z.string(),
  config: z.record(z.string(), z.unknown()),
  hasSecret: z.boolean(),
  /** Last four characters of the secret ('' when it is short or absent). */
  secretHint: z.string(),
  active: z.boolean(),
  /** Where incremental reading resumes (shape chosen by the kind). */
  cursor: z.unknown(),
  lastRun: syncRunSchema.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const sourceListQuerySchema = z.object({ kind: z.enum(sourceKinds).optional() });
export const sourceRunsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** Sincronizar agora: how to read this once. */
export const syncRequestSchema = z
  .strictObject({
    mode: z.enum(syncModes).default('incremental'),
    /** Do not resume a failed run: start afresh. */
    restart: z.boolean().default(false),
  })
  .default({ mode: 'incremental', restart: false });

/** The sync started: a run of the source's "Sincroniza IXC" task, followed in GET /api/tasks/:taskId/runs. */
export const syncStartedSchema = z.object({ taskId: z.number().int(), runId: z.number().int() });
