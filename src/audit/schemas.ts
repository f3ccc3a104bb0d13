/** The audit trail as the API shows it to admins (browser-safe). */
import { z } from 'zod';
import { pageParam } from '../shared/ids.js';

export const auditQuerySchema = z.object({
  page: pageParam,
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

/** Who did what, when: `actor` is a username, `cli` or `system`; `details` is the action's own record. */
export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.date(),
  userId: z.number().nullable(),
  actor: z.string(),
  action: z.string(),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  details: z.unknown(),
  ip: z.string().nullable(),
});
