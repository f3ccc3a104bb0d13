/**
 * Users, sign-in sessions and API tokens as the API and the UI see them (browser-safe: zod and the role list only).
 * The server's `User` is this schema's output, so the account the API returns and the one the UI types are one.
 */
import { z } from 'zod';
import { roles } from './roles.js';


/** Shortest password accepted, on the server and in the UI's forms. */
export const PASSWORD_MIN_LENGTH = 8;

const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must have at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200);

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
export type User = z.output<typeof userSchema>;

export const newUserSchema = z.object({
  username: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .regex(/^[A-Za-z0-9._@-]+$/, 'may contain only letters, digits, dot, underscore, hyphen and @'),
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().email().max(200).nullish(),
  role: z.enum(roles),
  password: passwordSchema,
});
export type NewUser = z.infer<typeof newUserSchema>;

export const userPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.string().trim().email().max(200).nullable(),
    role: z.enum(roles),
    active: z.boolean(),
    password: passwordSchema,
  })
  .partial()
  .strict();
export type UserPatch = z.infer<typeof userPatchSchema>;

/** A user in the admins' list: with consecutive failed sign-ins (forgotten after a day) and any lock in force. */
export const listedUserSchema = userSchema.extend({ failedLogins: z.number().int(), lockedUntil: z.date().nullable() });

export const credentialsSchema = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(200) });

/** After sign-in: the user and the CSRF token every state-changing request of the cookie session must echo. */
export const sessionSchema = z.object({ user: userSchema, csrfToken: z.string() });
/** The caller: a cookie session has a CSRF token, an API token none. */
export const meSchema = z.object({ user: userSchema, csrfToken: z.string().nullable() });

const isoInstant = z.iso.datetime({ offset: true, message: 'must be an ISO date-time with offset, e.g. 2027-01-31T00:00:00-03:00' });

/** A personal API token as listed: never its secret. */
export const apiTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  /** Null: never expires. */
  expiresAt: z.date().nullable(),
  /** Past its expiry (by the server's clock): refused until revoked and replaced. */
  expired: z.boolean(),
});
export type ApiToken = z.output<typeof apiTokenSchema>;

export const newApiTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** When the token stops working; absent or null: never. Must be in the future. */
  expiresAt: isoInstant.nullish(),
});
export type NewApiToken = z.input<typeof newApiTokenSchema>;

/** The answer to a creation: the only time the secret is shown. */
export const createdApiTokenSchema = z.object({ token: apiTokenSchema, secret: z.string() });
