/**
 * Descadastros, the API contract (browser-safe): operators see who asked not to get messages (and why a send
 * skipped them); admins add, import, export and remove entries, each change audited.
 */
import { z } from 'zod';
import { errorSchema, idParams } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import { consentListQuerySchema, consentSchema, suppressionImportSchema, suppressionInputSchema, suppressionListQuerySchema, suppressionSchema } from './schemas.js';

const tags = ['optout'];

export const optoutContract = {
  list: endpoint({
    method: 'GET',
    path: '/api/suppressions',
    access: 'operator',
    tags,
    summary: 'The descadastro list (newest first); `removed=true` also lists removed entries',
    query: suppressionListQuerySchema,
    responses: { 200: z.object({ total: z.number().int(), entries: z.array(suppressionSchema) }), 400: errorSchema },
  }),
  add: endpoint({
    method: 'POST',
    path: '/api/suppressions',
    access: 'admin',
    tags,
    summary: 'Adds a contact to a channel’s descadastro list (already listed: the entry as it is)',
    body: suppressionInputSchema,
    responses: { 201: z.object({ entry: suppressionSchema }), 400: errorSchema },
  }),
  import: endpoint({
    method: 'POST',
    path: '/api/suppressions/import',
    access: 'admin',
    tags,
    summary: 'Adds many entries at once; a bad one is named by its row (`entries.3.contact`) and none is stored',
    body: suppressionImportSchema,
    responses: { 200: z.object({ added: z.number().int(), alreadyListed: z.number().int() }), 400: errorSchema },
  }),
  remove: endpoint({
    method: 'POST',
    path: '/api/suppressions/:id/remove',
    access: 'admin',
    tags,
    summary: 'Takes a contact off the list (the entry is kept, marked removed with who and when)',
    params: idParams,
    responses: { 200: z.object({ entry: suppressionSchema }), 404: errorSchema, 409: errorSchema },
  }),
  consents: endpoint({
    method: 'GET',
    path: '/api/consents',
    access: 'operator',
    tags,
    summary: 'Contacts with recorded consent to marketing (only they get `marketing` messages), newest first; `revoked=true` also lists revoked ones',
    query: consentListQuerySchema,
    responses: { 200: z.object({ total: z.number().int(), entries: z.array(consentSchema) }), 400: errorSchema },
  }),
  recordConsents: endpoint({
    method: 'POST',
    path: '/api/consents',
    access: 'admin',
    tags,
    summary: 'Records consents to marketing; a bad row is named (`entries.3.contact`) and none is stored',
    body: suppressionImportSchema,
    responses: { 200: z.object({ added: z.number().int(), alreadyListed: z.number().int() }), 400: errorSchema },
  }),
  revokeConsent: endpoint({
    method: 'POST',
    path: '/api/consents/:id/revoke',
    access: 'admin',
    tags,
    summary: 'Revokes a consent (kept, marked revoked with who and when)',
    params: idParams,
    responses: { 200: z.object({ entry: consentSchema }), 404: errorSchema },
  }),
  exportCsv: endpoint({
    method: 'GET',
    path: '/api/suppressions/export.csv',
    access: 'admin',
    tags,
    summary: 'The list as CSV, streamed',
    query: suppressionListQuerySchema.omit({ page: true, pageSize: true }),
    responses: {},
  }),
};
