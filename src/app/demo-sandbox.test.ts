import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { incidentMessages } from '../incidents/notices.js';
import { listMessages } from '../messages/messages.js';
import { listTasks, updateTask } from '../tasks/tasks.js';
import { backends } from '../test-support/databases.js';
import { startDemoSandbox } from './demo-sandbox.js';
import { installationTaskTypes } from './task-types.js';

const TZ = 'America/Sao_Paulo';

describe.each(backends)('avisa start --demo on $name', (backend) => {
  let database: Database;
  const key = randomBytes(32);
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());

  const drains = async () =>
    Object.fromEntries((await listTasks(database.db)).map((t) => [t.description, { type: t.type, enabled: t.enabled, scheduled: t.nextRunAt !== null }]));

  it('ends with the three drains enabled every minute, and leaves one an admin turned off as it is at the next start', async () => {
    const first = await startDemoSandbox(database.db, key, TZ);
    await first.close();
    expect(await drains()).toEqual({
      'Envia E-mails da Fila': { type: 'drain_email', enabled: true, scheduled: true },
      'Envia Mensagens Omnichannel da Fila': { type: 'drain_whatsapp', enabled: true, scheduled: true },
      'Envia SMS da Fila': { type: 'drain_sms', enabled: true, scheduled: true },
    });

    const sms = (await listTasks(database.db)).find((t) => t.type === 'drain_sms')!;
    await updateTask(database.db, { types: installationTaskTypes(), timezone: TZ }, sms.id, { enabled: false });
    const second = await startDemoSandbox(database.db, key, TZ);
    await second.close();
    expect(await drains()).toMatchObject({
      'Envia Mensagens Omnichannel da Fila': { enabled: true },
      'Envia E-mails da Fila': { enabled: true },
      'Envia SMS da Fila': { enabled: false, scheduled: false },
    });
    expect(await listTasks(database.db)).toHaveLength(3);
  });

  it('registers outage and restored messages per channel (and the Cloud API outage notice with its SMS fallback), and every element kind\'s incidents send them', async () => {
    const all = await listMessages(database.db);
    // the Cloud API notice is sent from the report, falling back to the SMS one; the incidents send the others
    const cloud = all.find((m) => m.description === 'Aviso de instabilidade (WhatsApp Cloud API)');
    expect(cloud).toMatchObject({ channel: 'whatsapp', purpose: 'outage', content: { provider: 'cloudapi', templateName: 'aviso_instabilidade', category: 'UTILITY' } });
    expect(cloud?.fallbackMessageId).toBe(all.find((m) => m.channel === 'sms' && m.purpose === 'outage')?.id);
    const messages = all.filter((m) => m !== cloud);
    const ids = (purpose: string) => messages.filter((m) => m.purpose === purpose).map((m) => m.id).sort();
    expect(messages.filter((m) => m.purpose === 'outage').map((m) => m.channel).sort()).toEqual(['email', 'sms', 'whatsapp']);
    expect(messages.filter((m) => m.purpose === 'restored').map((m) => m.channel).sort()).toEqual(['email', 'sms', 'whatsapp']);
    const configured = await incidentMessages(database.db);
    for (const kind of ['nas', 'pop', 'box'] as const) {
      expect([...configured[kind].start].sort()).toEqual(ids('outage'));
      expect([...configured[kind].restored].sort()).toEqual(ids('restored'));
    }
  });
});
