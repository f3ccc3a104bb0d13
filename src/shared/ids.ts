/**
 * Numbers that reach a query are range-checked by the schema, so an id or page no column can hold is a 400 naming
 * the field, not a database error: `integer` ids are at most 2³¹−1, `bigint` ids at most 2⁵³−1 (exact in a JS
 * number), and page numbers stay where an OFFSET is meaningful.
 */
import { z } from 'zod';

const INT4_MAX = 2_147_483_647;

/** The id of a row of an `integer` key (users, messages, batches, logins, clients…). */
export const rowId = z.number().int().positive().max(INT4_MAX, 'is not a valid id');
/** The same, from a path or query string. */
export const rowIdParam = z.coerce.number().int().positive().max(INT4_MAX, 'is not a valid id');
export const bigRowIdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER, 'is not a valid id');
/** A 1-based page number of a listing. */
export const pageParam = z.coerce.number().int().min(1).max(1_000_000).default(1);
