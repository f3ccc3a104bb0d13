import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.js';
import type { Database } from '../db/database.js';
import { messages } from '../db/schema/messaging.js';
import { notice } from '../shared/notice.js';
import { backends } from '../test-support/databases.js';
import {
  createIntegration,
  deleteIntegration,
  getIntegration,
  listIntegrations,
  openIntegration,
  recordCheck,
  updateIntegration,
} from './integrations.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEifQ.sig-x9Q2';

describe.each(backends)('integrations on $name', (backend) => {
  let database: Database;
  const key = randomBytes(32);
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(() => database.close());

  it('normalises the Opa URL as pasted, seals the token and only shows its last characters', async () => {
    const created = await createIntegration(database.db, key, null, {
      kind: 'opa',
      description: 'Opa Suite Matriz',
      config: { url: 'https://suporte.provedor.com.br/atendente' },
      secret: `Bearer ${TOKEN}`,
    });
    expect(created).toMatchObject({
      kind: 'opa',
      channel: 'whatsapp',
      hasSecret: true,
      secretHint: 'x9Q2',
      maxConcurrency: 2,
      config: { url: 'https://suporte.provedor.com.br/api/v1', insecureTls: false, allowSendingToStartedCustomerService: false, timeoutSeconds: 20 },
    });
    expect(JSON.stringify(created)).not.toContain('sig-x9Q2');
    const [stored] = await queryRows<{ secret: string }>(database.db, sqlSecret(created.id));
    expect(stored!.secret).not.toContain('sig');
    expect((await openIntegration(database.db, key, created.id)).secret).toBe(`Bearer ${TOKEN}`);
    await expect(openIntegration(database.db, randomBytes(32), created.id)).rejects.toThrow(/Enter the token\/password again/);
  });

  it('refuses bad settings naming the field, and keeps what is stored', async () => {
    await expect(
      createIntegration(database.db, key, null, { kind: 'opa', description: 'X', config: { url: 'ftp://x' }, secret: 't' }),
    ).rejects.toMatchObject({ code: 'VALIDATION', field: 'config.url' });
    await expect(
      createIntegration(database.db, key, null, { kind: 'smtp', description: 'Y', config: { host: 'smtp.x', from: 'a@b.c', colour: 1 } } as never),
    ).rejects.toMatchObject({ field: 'config.colour' });
    await expect(
      createIntegration(database.db, key, null, { kind: 'zenvia', description: 'Z', config: { from: 'PROV' } }),
    ).rejects.toMatchObject({ field: 'secret' });
    await expect(
      createIntegration(database.db, key, null, { kind: 'opa', description: 'opa suite MATRIZ', config: { url: 'x.com' }, secret: 't' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', field: 'description' });
    const [opa] = await listIntegrations(database.db, { channel: 'whatsapp' });
    await expect(updateIntegration(database.db, key, opa!.id, { kind: 'opa', config: { url: '' } })).rejects.toMatchObject({ field: 'config.url' });
    await expect(updateIntegration(database.db, key, opa!.id, { kind: 'opa', secret: null })).rejects.toMatchObject({ field: 'secret' });
    expect((await getIntegration(database.db, opa!.id)).config).toMatchObject({ url: 'https://suporte.provedor.com.br/api/v1' });
  });

  it('keeps the secret when a change leaves it out, wants it again with a new address, and forgets the last test then', async () => {
    const smtp = await createIntegration(database.db, key, null, {
      kind: 'smtp',
      description: 'E-mail',
      config: { host: 'smtp.provedor.com.br', from: 'Avisos <avisos@provedor.com.br>' },
    });
    expect(smtp).toMatchObject({ hasSecret: false, config: { port: 587, security: 'starttls' } });
    const withPassword = await updateIntegration(database.db, key, smtp.id, { kind: 'smtp', secret: 'senha-do-smtp-123' });
    const found = notice('check_smtp', { host: 'smtp.example', port: 587, security: 'starttls' });
    await recordCheck(database.db, smtp.id, { ok: true, notice: found });
    expect((await getIntegration(database.db, smtp.id)).lastCheck).toMatchObject({ ok: true, notice: found });
    const renamed = await updateIntegration(database.db, key, smtp.id, { kind: 'smtp', description: 'E-mail avisos', maxConcurrency: 4 });
    expect(renamed).toMatchObject({ description: 'E-mail avisos', maxConcurrency: 4, hasSecret: true, lastCheck: { ok: true } });
    expect((await openIntegration(database.db, key, smtp.id)).secret).toBe('senha-do-smtp-123');
    // A new host would receive the stored password: the change must carry it again.
    await expect(
      updateIntegration(database.db, key, smtp.id, { kind: 'smtp', config: { host: 'smtp2.provedor.com.br', from: 'a@b.c' } }),
    ).rejects.toMatchObject({ code: 'SECRET_REQUIRED', field: 'secret' });
    const moved = await updateIntegration(database.db, key, smtp.id, {
      kind: 'smtp',
      config: { host: 'smtp2.provedor.com.br', from: 'a@b.c' },
      secret: 'senha-do-smtp-123',
    });
    expect(moved.lastCheck).toBeNull();
    expect(withPassword.secretHint).toBe('-123');
    const cleared = await updateIntegration(database.db, key, smtp.id, { kind: 'smtp', secret: null });
    expect(cleared.hasSecret).toBe(false);
  });

  it('will not delete an integration that messages use', async () => {
    const [opa] = await listIntegrations(database.db, { channel: 'whatsapp' });
    await database.db.insert(messages).values({ channel: 'whatsapp', description: 'Aviso', integrationId: opa!.id, content: {} });
    await expect(deleteIntegration(database.db, opa!.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await getIntegration(database.db, opa!.id)).messageCount).toBe(1);
    const [email] = await listIntegrations(database.db, { channel: 'email' });
    await deleteIntegration(database.db, email!.id);
    await expect(getIntegration(database.db, email!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

function sqlSecret(id: number) {
  return sql`select secret from integrations where id = ${id}`;
}
