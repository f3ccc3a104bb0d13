/** Response schemas shared by several routes (they also document the API in /api/openapi.json). */
import { z } from 'zod';
import { roles } from '../../auth/roles.js';

export { errorSchema, idParams } from '../../shared/api-schemas.js';

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: z.enum(roles),
  active: z.boolean(),
  createdAt: z.date(),
  lastLoginAt: z.date().nullable(),
});

