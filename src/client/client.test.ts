/** `avisa/client` against a real server over HTTP, on both databases: typed calls, errors as AvisaApiError. */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { backends } from '../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../test-support/route-app.js';
import type { SkipReason } from '../shared/vocabulary.js';
import { type AvisaClient, AvisaApiError, contracts, createClient, fetchTransport, pathOf, type ResponseOf } from './client.js';

describe.each(backends)('avisa/client on $name', (backend) => {
  let routeApp: RouteApp;
  let avisa: AvisaClient;
  let baseUrl: string;

  beforeAll(async () => {
    routeApp = await openRouteApp(backend);
    await routeApp.app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(routeApp.app.server.address() as AddressInfo).port}`;
    avisa = createClient(fetchTransport({ baseUrl, token: routeApp.as.viewer.authorization.replace('Bearer ', '') }));
  });
  afterAll(async () => routeApp?.close());

  it('calls an endpoint with typed input and output', async () => {
    const page = await avisa.logs.list({ query: { channel: 'whatsapp', page: 1, pageSize: 10 } });
    expect(page).toEqual({ total: 0, totalCapped: false, rows: [] });
    expectTypeOf(page.rows).items.toHaveProperty('at').toEqualTypeOf<string>();
    expectTypeOf(page.total).toEqualTypeOf<number>();
    expectTypeOf(page.totalCapped).toEqualTypeOf<boolean>();
  });

  it('turns a refusal into an AvisaApiError with the code and the field', async () => {
    const err = await avisa.logs.list({ query: { clientId: 2 ** 31 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AvisaApiError);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION', field: 'clientId' });
    const anonymous = createClient(fetchTransport({ baseUrl }));
    await expect(anonymous.logs.list()).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('reaches the report, tokens and system through the same client, typed by their contracts', async () => {
    const page = await avisa.report.query({ body: { filter: { nasIds: [7] }, pageSize: 5 } });
    expect(page).toMatchObject({ total: 0, appliedFilter: { filter: { nasIds: [7] }, lookups: { nasIds: [{ id: 7, name: null }] } } });
    expectTypeOf(page.appliedFilter.lookups.nasIds).toEqualTypeOf<{ id: number; name: string | null }[] | undefined>();
    await expect(avisa.report.summary({ body: { filter: { nas: ['BRAS-XYZ'] } } })).rejects.toMatchObject({
      status: 400,
      field: 'filter.nas.0',
    });
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const created = await avisa.tokens.create({ body: { name: 'script', expiresAt } });
    expectTypeOf(created.token.expiresAt).toEqualTypeOf<string | null>();
    expect(created.token).toMatchObject({ name: 'script', expiresAt, expired: false });
    expect((await avisa.system.overview()).database).toBe(backend.name);
  });

  it('builds download paths for the CSV exports', async () => {
    expect(pathOf(contracts.logs.exportCsv, { query: { channel: 'sms', status: 'failure' } })).toBe('/api/logs/export.csv?channel=sms&status=failure');
  });

  it("types an integration's settings by its kind and a skipped recipient's reason as a code", async () => {
    type Integration = ResponseOf<typeof contracts.integrations.get>['integration'];
    expectTypeOf<Extract<Integration, { kind: 'smtp' }>['config']>().toHaveProperty('host').toEqualTypeOf<string>();
    expectTypeOf<Extract<Integration, { kind: 'opa' }>['config']>().toHaveProperty('url').toEqualTypeOf<string>();
    expectTypeOf<ResponseOf<typeof contracts.queue.skipped>['rows'][number]['reason']>().toEqualTypeOf<SkipReason>();
    const err = await avisa.queue.skipped({ params: { id: 2147483000 }, query: { limit: 10 } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
