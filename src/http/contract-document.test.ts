/**
 * The published OpenAPI document is generated from the contracts: every contract endpoint is in it with its access
 * rule and tags, each integration kind's settings and each message channel's content are spelled out (a union told
 * apart by `kind` / `channel`, never an opaque object), and the skipped-recipients list documents its reason codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts } from '../client/contracts.js';
import type { Endpoint } from '../shared/contract.js';
import { skipReasons } from '../shared/vocabulary.js';
import { backends } from '../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../test-support/route-app.js';

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  oneOf?: Schema[];
  enum?: unknown[];
  items?: Schema;
  maximum?: number;
  discriminator?: { propertyName: string };
}
interface Operation {
  'x-avisa-access': string;
  tags?: string[];
  parameters?: { in: string; name: string; schema: Schema }[];
  requestBody?: { content: { 'application/json': { schema: Schema } } };
  responses: Record<string, { content?: { 'application/json': { schema: Schema } } }>;
}
type Document = { paths: Record<string, Record<string, Operation>> };

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** `config.url`-style paths of every property of a schema (objects only). */
function fieldPaths(schema: Schema, prefix = ''): string[] {
  const own = Object.entries(schema.properties ?? {}).flatMap(([name, child]) => [`${prefix}${name}`, ...fieldPaths(child, `${prefix}${name}.`)]);
  // a nested union (a WhatsApp message's content, by provider): every variant's fields
  const nested = (schema.oneOf ?? []).flatMap((variant) => fieldPaths(variant, prefix));
  return [...new Set([...own, ...nested])];
}

/** The variants of a union told apart by `property`: each variant's constant value and its field paths. */
function variants(schema: Schema, property: string): Record<string, string[]> {
  expect(schema.discriminator).toEqual({ propertyName: property });
  expect(schema.oneOf?.length).toBeGreaterThan(1);
  return Object.fromEntries(
    schema.oneOf!.map((variant) => {
      expect(variant.required).toContain(property);
      const values = variant.properties![property]!.enum!;
      expect(values).toHaveLength(1);
      return [String(values[0]), fieldPaths(variant)];
    }),
  );
}

describe.each(backends)('the OpenAPI document on $name', (backend) => {
  let t: RouteApp;
  let doc: Document;
  beforeAll(async () => {
    t = await openRouteApp(backend);
    doc = (await t.app.inject('/api/openapi.json')).json();
  });
  afterAll(async () => t?.close());

  const operation = (e: Endpoint) => doc.paths[openApiPath(e.path)]?.[e.method.toLowerCase()];
  const body = (e: Endpoint) => operation(e)!.requestBody!.content['application/json'].schema;
  const ok = (e: Endpoint) => operation(e)!.responses[Object.keys(e.responses)[0]!]!.content!['application/json'].schema;

  it('defines every schema it refers to (a client generated from it must resolve each $ref)', () => {
    const text = JSON.stringify(doc);
    const refs = [...new Set([...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!))];
    expect(refs).toContain('Notice');
    const schemas = (doc as unknown as { components?: { schemas?: Record<string, { oneOf?: { properties?: { code?: { enum?: string[] } } }[] }> } })
      .components?.schemas ?? {};
    for (const ref of refs) expect(schemas[ref], `#/components/schemas/${ref}`).toBeDefined();
    // The notice's codes are listed, the import's row errors among them.
    const codes = (schemas.Notice?.oneOf ?? []).flatMap((v) => v.properties?.code?.enum ?? []);
    expect(codes).toEqual(expect.arrayContaining(['timeout', 'import_parent_missing', 'import_header_no_id']));
  });

  it('has every contract endpoint with the access rule and tags it declares', () => {
    for (const [group, endpoints] of Object.entries(contracts)) {
      for (const [name, e] of Object.entries(endpoints) as [string, Endpoint][]) {
        const op = operation(e);
        expect(op, `${group}.${name}: ${e.method} ${e.path}`).toBeDefined();
        expect(op!['x-avisa-access'], `${group}.${name}`).toBe(e.access);
        expect(op!.tags, `${group}.${name}`).toEqual(e.tags);
      }
    }
  });

  it("spells out each integration kind's settings in the bodies and responses, by kind", () => {
    const kinds = {
      opa: ['config.url', 'config.insecureTls', 'config.allowSendingToStartedCustomerService', 'config.timeoutSeconds'],
      smtp: ['config.host', 'config.port', 'config.security', 'config.user', 'config.from', 'config.insecureTls', 'config.timeoutSeconds'],
      zenvia: ['config.baseUrl', 'config.from', 'config.timeoutSeconds'],
      smsdev: ['config.baseUrl', 'config.timeoutSeconds'],
      cloudapi: ['config.phoneNumberId', 'config.wabaId', 'config.apiVersion', 'config.baseUrl', 'config.timeoutSeconds'],
    };
    const { create, update, checkUnsaved, get } = contracts.integrations;
    for (const schema of [body(create), body(update), body(checkUnsaved), ok(get).properties!.integration!]) {
      const byKind = variants(schema, 'kind');
      expect(Object.keys(byKind).sort()).toEqual(Object.keys(kinds).sort());
      for (const [kind, fields] of Object.entries(kinds)) {
        const own = byKind[kind]!.filter((f) => f.startsWith('config.'));
        expect(own.sort(), kind).toEqual([...fields].sort());
      }
    }
    expect(variants(body(create), 'kind').opa).toContain('config.url');
    expect(variants(body(create), 'kind').smtp).toContain('config.host');
    expect(variants(body(checkUnsaved), 'kind').smtp).toContain('id');
    // a stored integration says its channel; the secret never appears in a response
    const stored = ok(get).properties!.integration!;
    expect(stored.oneOf!.find((v) => v.properties!.kind!.enum![0] === 'smtp')!.properties!.channel!.enum).toEqual(['email']);
    expect(fieldPaths(stored.oneOf![0]!)).not.toContain('secret');
  });

  it("spells out each message channel's content, by channel", () => {
    for (const schema of [body(contracts.messages.create), ok(contracts.messages.get).properties!.message!]) {
      const byChannel = variants(schema, 'channel');
      expect(byChannel.whatsapp).toEqual(expect.arrayContaining(['content.templateId', 'content.variables', 'content.freeFields']));
      // … or, on a Cloud API integration, the template by name and language
      expect(byChannel.whatsapp).toEqual(expect.arrayContaining(['content.provider', 'content.templateName', 'content.language', 'content.category']));
      expect(byChannel.email).toEqual(expect.arrayContaining(['content.subject', 'content.text', 'content.html']));
      expect(byChannel.sms).toEqual(expect.arrayContaining(['content.text']));
    }
  });

  it('documents the skipped recipients: viewers, paged up to 500, reasons as codes', () => {
    const skipped = contracts.queue.skipped;
    const op = operation(skipped)!;
    expect(op['x-avisa-access']).toBe('viewer');
    const query = Object.fromEntries(op.parameters!.filter((p) => p.in === 'query').map((p) => [p.name, p.schema]));
    expect(Object.keys(query).sort()).toEqual(['after', 'limit', 'reason']);
    expect(query.limit!.maximum).toBe(500);
    expect(query.reason!.enum).toEqual([...skipReasons]);
    const page = ok(skipped);
    expect(page.properties!.rows!.items!.properties!.reason!.enum).toEqual([...skipReasons]);
    expect(Object.keys(page.properties!.rows!.items!.properties!).sort()).toEqual(
      ['clientId', 'clientName', 'contact', 'id', 'login', 'loginId', 'reason'].sort(),
    );
    expect(Object.keys(page.properties!).sort()).toEqual(['next', 'rows', 'total', 'totals']);
  });
});
