/**
 * Gatilhos de envio as the UI sees it: the server's schemas (src/triggers/schemas.ts, contract.ts), dates as ISO
 * strings. Skip reasons and run statuses are the shared vocabulary's.
 */
import type { z } from 'zod';
import type { ResponseOf } from '../../shared/contract.js';
import type { triggersContract } from '../../triggers/contract.js';
import type { triggerInputSchema } from '../../triggers/schemas.js';

export type { Channel } from '../../shared/vocabulary.js';

export type TriggerRule = ResponseOf<typeof triggersContract.get>['rule'];
/** One evaluation; for a held or discarded run, the counts are what it would have queued. */
export type TriggerRun = ResponseOf<typeof triggersContract.confirm>['run'];

/** Body of POST/PUT /api/triggers and of the draft dry run. */
export type TriggerInput = z.input<typeof triggerInputSchema>;

export type DryRun = ResponseOf<typeof triggersContract.dryRunSaved>['dryRun'];
export type DryRunMessage = DryRun['messages'][number];
