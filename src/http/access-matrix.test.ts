/**
 * The authorisation matrix, generated from the published OpenAPI document: every documented operation × every kind
 * of caller × every spelling of its path. The document says who may call each operation (`x-avisa-access`); the
 * server must answer exactly that whatever the spelling: the canonical path and the spellings Fastify decodes to it
 * (`/%61pi`) get the rule, the spellings it does not match (`/%2561pi`, `//api`, `/API`, `/api/./`, a trailing
 * slash, `;x=1`) get a 404 — never the route's data. A route without a rule cannot be registered, and every registered
 * route is in the document except the UI's own and the document itself.
 */
import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installationTaskTypes } from '../app/task-types.js';
import { hasRole, type Role } from '../auth/roles.js';
import type { User } from '../auth/users.js';
import { loadConfig } from '../config/config.js';
import type { Database } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { createRoleUsers, headersOf, type Principal } from '../test-support/principals.js';
import { type Scheduler, startScheduler } from '../tasks/scheduler.js';
import { buildApp } from './app.js';
import { type Access, accessLevels, installAuth } from './auth.js';

interface Operation {
  method: string;
  path: string;
  access: Access;
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** A concrete URL for an OpenAPI path: ids that exist nowhere (so nothing real is changed), well-formed otherwise. */
function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'channelId' ? '65a1f0c2b7e4d93a1c0f1aff' : '2147483000'));
}

/** The spellings of a path: the first two reach the route, the others must reach nothing. */
function spellings(path: string): { spelling: string; url: string; reaches: boolean }[] {
  const [, first = '', rest = ''] = /^\/([^/]+)(.*)$/.exec(path) ?? [];
  const encoded = `%${first.charCodeAt(0).toString(16)}${first.slice(1)}`;
  return [
    { spelling: 'canonical', url: path, reaches: true },
    { spelling: '%61pi', url: `/${encoded}${rest}`, reaches: true },
    { spelling: '%2561pi', url: `/${encoded.replace('%', '%25')}${rest}`, reaches: false },
    { spelling: '//api', url: `/${path}`, reaches: false },
    { spelling: '/API', url: `/${first.toUpperCase()}${rest}`, reaches: false },
    { spelling: '/api/./', url: rest ? `/${first}/.${rest}` : `/${first}/.`, reaches: false },
    { spelling: 'trailing slash', url: `${path}/`, reaches: false },
    { spelling: ';', url: `${path};x=1`, reaches: false },
  ];
}

type Answer = 401 | 403 | 404 | 'allowed';

/** What the design says a caller gets from an operation: `allowed` = any answer but 401/403, never a 5xx. */
function designed(op: Operation, role: Role | null): Answer {
  if (op.access === 'public') return 'allowed';
  if (role === null) return 401;
  return hasRole(role, op.access) ? 'allowed' : 403;
}

/**
 * The operations a URL may reach as the router reads it (a path parameter may be empty: `/api/tasks/` is
 * `/api/tasks/:id` with id ''). A spelling that is not the canonical path gets a 404 or the rule of one of these.
 */
function reachable(operations: Operation[], method: string, url: string): Operation[] {
  return operations.filter((op) => {
    if (op.method !== method) return false;
    const pattern = op.path.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
    return new RegExp(`^${pattern}$`).test(url);
  });
}

function answered(status: number, expected: Answer): boolean {
  if (expected === 'allowed') return status !== 401 && status !== 403 && status < 500;
  return status === expected;
}

/** A request sent as written (no URL normalisation on the way, unlike inject()): what `curl --path-as-is` does. */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, agent, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

describe.each(backends)('authorisation matrix on $name', (backend) => {
  let database: Database;
  let app: FastifyInstance;
  let operations: Operation[];
  let principals: Principal[];
  let port: number;
  let scheduler: Scheduler;

  beforeAll(async () => {
    database = await backend.open();
    const users: Record<Role, User> = await createRoleUsers(database.db);
    principals = [
      { name: 'anonymous', role: null },
      { name: 'viewer token', role: 'viewer', via: 'token', user: users.viewer },
      { name: 'viewer session', role: 'viewer', via: 'session', user: users.viewer },
      { name: 'operator session', role: 'operator', via: 'session', user: users.operator },
      { name: 'admin token', role: 'admin', via: 'token', user: users.admin },
    ];
    const tasks = installationTaskTypes();
    scheduler = startScheduler({ db: database.db, types: tasks, secretKey: randomBytes(32), timezone: 'America/Sao_Paulo', logger: silent, tickMs: 30_000 });
    app = await buildApp({
      db: database.db,
      kind: database.kind,
      config: loadConfig({}),
      logger: false,
      webRoot: '/nonexistent',
      loginAttemptsPerMinute: 100_000,
      tasks,
      scheduler,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
    const doc = (await app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, { 'x-avisa-access'?: Access }>> };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, access: op['x-avisa-access'] as Access })),
    );
  });
  afterAll(async () => {
    agent.destroy();
    await scheduler?.stop();
    await app?.close();
    await database?.close();
  });

  it('documents every registered route with its rule; only the UI and the document itself are left out', () => {
    expect(operations.length).toBeGreaterThan(60);
    for (const op of operations) expect(accessLevels, `${op.method} ${op.path}`).toContain(op.access);
    const documented = new Map(operations.map((op) => [`${op.method} ${op.path}`, op.access]));
    const hidden: string[] = [];
    for (const rule of app.routeRules.filter((r) => r.method !== 'HEAD')) {
      const key = `${rule.method} ${rule.url.replace(/:(\w+)/g, '{$1}')}`;
      if (rule.hidden) hidden.push(key);
      else expect(documented.get(key), key).toBe(rule.access);
    }
    expect(hidden.sort()).toEqual(['GET /api/openapi.json']);
  });

  it('refuses to start with a route that declares no access rule', async () => {
    const bare = Fastify();
    installAuth(bare, database.db);
    expect(() => bare.get('/api/forgotten', async () => ({ secret: true }))).toThrow(/GET \/api\/forgotten declares no access rule/);
    await bare.close();
  });

  it('answers every operation × caller × path spelling as designed', async () => {
    const wrong: string[] = [];
    let requests = 0;
    // One token or session per caller, made again after a sign-out ended it.
    const credentials = new Map<string, Record<string, string>>();
    const headersFor = async (principal: Principal) => {
      if (!credentials.has(principal.name)) credentials.set(principal.name, await headersOf(database.db, principal, true));
      return credentials.get(principal.name)!;
    };
    for (const op of operations) {
      for (const principal of principals) {
        for (const { spelling, url, reaches } of spellings(concrete(op.path))) {
          const headers = await headersFor(principal);
          const hasBody = ['POST', 'PUT', 'PATCH'].includes(op.method);
          const res = await send(port, op.method, url, headers, hasBody ? '{}' : undefined);
          requests += 1;
          if (op.path === '/api/auth/logout') credentials.delete(principal.name);
          const expected: Answer[] = reaches
            ? [designed(op, principal.role)]
            : [404, ...reachable(operations, op.method, url).map((other) => designed(other, principal.role))];
          if (!expected.some((e) => answered(res.status, e))) {
            wrong.push(`${principal.name} ${op.method} ${url} (${spelling}): ${res.status}, designed ${expected.join(' or ')} — ${res.body.slice(0, 120)}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(requests).toBe(operations.length * principals.length * 8);
  }, 240_000);
});
