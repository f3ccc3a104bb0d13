/**
 * Stored Mensagens: list, read, create, change, delete. Shape and bindings are checked here (src/messages/
 * validate.ts); that the Opa! Suite template still exists is checked by the caller before saving
 * (src/messages/opa-template-check.ts), since it needs the integration's live API.
 */
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { users } from '../db/schema/access.js';
import { integrations, messages } from '../db/schema/messaging.js';
import { assertNameFree, type UniqueName } from '../db/unique.js';
import { AppError, refused } from '../shared/errors.js';
import { notice, type providerNames } from '../shared/notice.js';
import type { Channel } from '../shared/vocabulary.js';
import { type Message, type MessageDraft, type MessageInput, messageInputSchema } from './schemas.js';
import { checkMessage } from './validate.js';

const uniqueName: UniqueName = {
  table: messages,
  id: messages.id,
  name: messages.description,
  field: 'description',
  what: 'A message',
};

function baseQuery(db: Db) {
  return db
    .select({
      id: messages.id,
      channel: messages.channel,
      description: messages.description,
      integrationId: messages.integrationId,
      integrationDescription: integrations.description,
      content: messages.content,
      active: messages.active,
      purpose: messages.purpose,
      fallbackMessageId: messages.fallbackMessageId,
      fallbackAfterMinutes: messages.fallbackAfterMinutes,
      createdBy: sql<string>`coalesce(${users.username}, '')`,
      createdAt: messages.createdAt,
      updatedAt: messages.updatedAt,
    })
    .from(messages)
    .innerJoin(integrations, eq(integrations.id, messages.integrationId))
    .leftJoin(users, eq(users.id, messages.createdBy));
}

const typed = (row: Awaited<ReturnType<typeof baseQuery>>[number]): Message => row as Message;

export interface MessageListFilter {
  channel?: MessageDraft['channel'];
  active?: boolean;
}

export async function listMessages(db: Db, filter: MessageListFilter = {}): Promise<Message[]> {
  const conditions: SQL[] = [];
  if (filter.channel) conditions.push(eq(messages.channel, filter.channel));
  if (filter.active !== undefined) conditions.push(eq(messages.active, filter.active));
  const rows = await baseQuery(db)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(messages.channel), asc(sql`lower(${messages.description})`));
  return rows.map(typed);
}

export async function getMessage(db: Db, id: number): Promise<Message> {
  const [row] = await baseQuery(db).where(eq(messages.id, id));
  if (!row) throw new AppError('NOT_FOUND', `No message ${id}`);
  return typed(row);
}

/**
 * Parses and checks a draft: its integration exists and serves its channel, `refresh` (the live Opa! Suite
 * template, for WhatsApp) is applied, then its bindings are checked against the refreshed text.
 */
export async function checkDraft(
  db: Db,
  input: MessageInput,
  refresh?: (draft: MessageDraft) => Promise<MessageDraft>,
): Promise<MessageDraft> {
  const parsed = messageInputSchema.parse(input);
  const [integration] = await db
    .select({ channel: integrations.channel, kind: integrations.kind, description: integrations.description })
    .from(integrations)
    .where(eq(integrations.id, parsed.integrationId));
  if (!integration) throw refused('integrationId', notice('message_integration_missing', { id: parsed.integrationId }));
  if (integration.channel !== parsed.channel) {
    throw refused('integrationId', notice('message_integration_channel', { integration: integration.description, channel: integration.channel as Channel }));
  }
  if (parsed.channel === 'whatsapp') {
    const wants = parsed.content.provider === 'cloudapi' ? 'cloudapi' : 'opa';
    if (integration.kind !== wants) {
      throw refused('content.provider', notice('message_integration_kind', { integration: integration.description, provider: integration.kind as (typeof providerNames)[number] }));
    }
  }
  const draft = refresh ? await refresh(parsed) : parsed;
  checkMessage(draft);
  await checkFallback(db, draft);
  return draft;
}

/**
 * The fallback must be another channel's active message whose required free fields this message also has (it is
 * sent with this send's values), and may not fall back further (one hop: never both, never a chain).
 */
async function checkFallback(db: Db, draft: MessageDraft): Promise<void> {
  const field = 'fallbackMessageId';
  if (draft.fallbackMessageId === null) {
    if (draft.fallbackAfterMinutes !== null) throw refused('fallbackAfterMinutes', notice('fallback_first'));
    return;
  }
  const fallback = await getMessage(db, draft.fallbackMessageId).catch(() => null);
  if (!fallback) throw refused(field, notice('fallback_missing', { id: draft.fallbackMessageId }));
  const { description } = fallback;
  if (fallback.channel === draft.channel) throw refused(field, notice('fallback_same_channel', { description, channel: fallback.channel }));
  if (fallback.fallbackMessageId !== null) throw refused(field, notice('fallback_chained', { description }));
  const own = new Set(draft.content.freeFields.map((f) => f.key));
  const missing = fallback.content.freeFields.find((f) => f.required && !own.has(f.key));
  if (missing) throw refused(field, notice('fallback_free_field', { description, key: missing.key }));
}

/** Stores an already checked draft (see `checkDraft`). */
export async function createMessage(db: Db, userId: number | null, draft: MessageDraft): Promise<Message> {
  await assertNameFree(db, uniqueName, draft.description);
  const [row] = await db
    .insert(messages)
    .values({ ...draft, createdBy: userId })
    .returning({ id: messages.id });
  return getMessage(db, row!.id);
}

/** Replaces a message with an already checked draft; the channel cannot change. */
export async function updateMessage(db: Db, id: number, draft: MessageDraft): Promise<Message> {
  const current = await getMessage(db, id);
  if (current.channel !== draft.channel) {
    throw refused('channel', notice('message_channel_fixed', { channel: current.channel }));
  }
  await assertNameFree(db, uniqueName, draft.description, id);
  await db
    .update(messages)
    .set({ ...draft, updatedAt: new Date() })
    .where(eq(messages.id, id));
  return getMessage(db, id);
}

export async function deleteMessage(db: Db, id: number): Promise<Message> {
  const found = await getMessage(db, id);
  await db.delete(messages).where(eq(messages.id, id));
  return found;
}
