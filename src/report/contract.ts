/** Relatório de status logins and its saved filters: the API contract (browser-safe). */
import { z } from 'zod';
import { errorSchema, idParams } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import { reportFilterSchema, reportQuerySchema, reportSortSchema } from './filter.js';
import {
  appliedFilterSchema,
  ftthBoxQuerySchema,
  jsonParam,
  loginPageSchema,
  optionSchema,
  optionsSchema,
  savedFilterInputSchema,
  savedFilterPatchSchema,
  savedFilterSchema,
  summarySchema,
} from './schemas.js';

const tags = ['report'];
const names =
  'NAS, POP, plan, city and FTTH box may be given by name (`nas`, `pops`, `plans`, `cities`, `ftthBoxes`; case- and accent-insensitive) as well as by id; a name no row has is a 400 naming it. `appliedFilter` answers with the ids and names used.';

export const reportContract = {
  query: endpoint({
    method: 'POST',
    path: '/api/report/logins/query',
    access: 'viewer',
    tags,
    summary: 'A page of the logins matching a filter, with the exact total',
    description: names,
    body: reportQuerySchema,
    responses: { 200: loginPageSchema.extend({ appliedFilter: appliedFilterSchema }), 400: errorSchema },
  }),
  summary: endpoint({
    method: 'POST',
    path: '/api/report/logins/summary',
    access: 'viewer',
    tags,
    summary: 'Totals by live state, and by NAS, POP and FTTH box (top 100 by offline logins each)',
    description: names,
    body: z.strictObject({ filter: reportFilterSchema.default({}) }),
    responses: { 200: summarySchema.extend({ appliedFilter: appliedFilterSchema }), 400: errorSchema },
  }),
  exportCsv: endpoint({
    method: 'GET',
    path: '/api/report/logins/export.csv',
    access: 'viewer',
    tags,
    summary: 'Every matching login as CSV (UTF-8 with BOM, `;`-separated, pt-BR header), streamed',
    query: z.strictObject({
      filter: jsonParam(reportFilterSchema).optional(),
      sort: jsonParam(reportSortSchema).optional(),
    }),
    responses: {},
  }),
  options: endpoint({
    method: 'GET',
    path: '/api/report/options',
    access: 'viewer',
    tags,
    summary: "The filter form's choices",
    responses: { 200: optionsSchema },
  }),
  ftthBoxes: endpoint({
    method: 'GET',
    path: '/api/report/options/ftth-boxes',
    access: 'viewer',
    tags,
    summary: 'FTTH boxes whose name contains q (accent- and case-insensitive)',
    query: ftthBoxQuerySchema,
    responses: { 200: z.object({ ftthBoxes: z.array(optionSchema) }) },
  }),
};

const one = z.object({ savedFilter: savedFilterSchema });

/**
 * Saved filters: anyone signed in lists them, operators create, change and delete them (an admin only, for a
 * filter an active gatilho sends from: 403 FILTER_IN_USE). Names in a filter are checked when it is saved and
 * stored as given; they are resolved again each time it is used.
 */
export const savedFiltersContract = {
  list: endpoint({
    method: 'GET',
    path: '/api/report/saved-filters',
    access: 'viewer',
    tags,
    responses: { 200: z.object({ savedFilters: z.array(savedFilterSchema) }) },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/report/saved-filters',
    access: 'operator',
    tags,
    body: savedFilterInputSchema,
    responses: { 201: one, 400: errorSchema, 409: errorSchema },
  }),
  update: endpoint({
    method: 'PUT',
    path: '/api/report/saved-filters/:id',
    access: 'operator',
    tags,
    params: idParams,
    body: savedFilterPatchSchema,
    responses: { 200: one, 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
  }),
  remove: endpoint({
    method: 'DELETE',
    path: '/api/report/saved-filters/:id',
    access: 'operator',
    tags,
    params: idParams,
    responses: { 204: z.null(), 403: errorSchema, 404: errorSchema },
  }),
};
