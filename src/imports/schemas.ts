/**
 * Imports over HTTP (`POST /api/imports/{clientes|contratos|logins}`): what the upload takes in its query string,
 * the job it answers with (also polled while it runs) and its row errors, as the API and the UI see them
 * (browser-safe).
 */
import { z } from 'zod';
import { pageParam, rowIdParam } from '../shared/ids.js';
import { noticeSchema } from '../shared/notice.js';

export const importEntities = ['clientes', 'contratos', 'logins'] as const;
export const importFormats = ['csv', 'json', 'jsonl'] as const;
export const importEncodings = ['utf8', 'latin1', 'windows-1252'] as const;
const importStatuses = ['running', 'succeeded', 'failed'] as const;
export type ImportEntity = (typeof importEntities)[number];
export type ImportFormat = (typeof importFormats)[number];
export type ImportEncoding = (typeof importEncodings)[number];

export const importEntityParams = z.strictObject({ entity: z.enum(importEntities) });

/** The upload's options; the file itself is the request body, streamed. */
export const importUploadQuerySchema = z.strictObject({
  /** Default: from the content type (text/csv, application/json, application/x-ndjson), else from `name`. */
  format: z.enum(importFormats).optional(),
  /** Default: the content type's charset, else UTF-8. */
  encoding: z.enum(importEncodings).optional(),
  /** Zone of the file's wall-clock times; default AVISA_TIMEZONE. */
  timezone: z.string().trim().min(1).max(64).optional(),
  /** The file's name, kept in the history (and its extension tells the format of an octet-stream). */
  name: z.string().trim().min(1).max(255).optional(),
  /** A reference of the caller's choosing, to find the job (`GET /api/imports?ref=`) while the upload runs. */
  ref: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -')
    .optional(),
});

export const importJobSchema = z.object({
  id: z.number(),
  entity: z.enum(importEntities),
  format: z.enum(importFormats),
  encoding: z.enum(importEncodings),
  fileName: z.string().nullable(),
  clientRef: z.string().nullable(),
  status: z.enum(importStatuses),
  /** Whether error positions count lines of the file or records of a JSON array. */
  unit: z.enum(['line', 'record']),
  read: z.number(),
  inserted: z.number(),
  /** Rows that already existed (changed or not). */
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  /** Every row error; the first 1,000 are listed by `GET /api/imports/:id/errors`. */
  errorCount: z.number(),
  bytesRead: z.number(),
  bytesTotal: z.number().nullable(),
  ignoredColumns: z.array(z.string()),
  /** Of `ignoredColumns`, those that look like passwords or keys: never read, never stored. */
  secretColumns: z.array(z.string()),
  /** Why a failed job stopped, in English. */
  error: z.string().nullable(),
  /** The same as a notice (a code and params), for a screen in another language. */
  errorNotice: noticeSchema.nullable(),
  actor: z.string(),
  startedAt: z.date(),
  updatedAt: z.date(),
  finishedAt: z.date().nullable(),
});
export type ImportJob = z.output<typeof importJobSchema>;

export const importListQuerySchema = z.strictObject({
  status: z.enum(importStatuses).optional(),
  ref: z.string().max(64).optional(),
  page: pageParam,
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ImportListQuery = z.input<typeof importListQuerySchema>;

export const importJobParams = z.strictObject({ id: rowIdParam });

export const importErrorQuerySchema = z.strictObject({
  page: pageParam,
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

export const importRowErrorSchema = z.object({
  line: z.number(),
  field: z.string().nullable(),
  /** In English; `notice` is the same error as a code and params, for a screen in another language. */
  message: z.string(),
  notice: noticeSchema,
});
export type ImportRowError = z.output<typeof importRowErrorSchema>;
