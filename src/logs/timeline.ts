/**
 * A log line's delivery timeline (Logs › Entrega › Linha do tempo): the receipts of its message as they were kept
 * (`delivery_events`, src/receipts/receipts.ts), in the provider's time order, the row's final status, and the other
 * line of a fallback chain (the SMS that went instead of this WhatsApp, or the WhatsApp this SMS replaced).
 *
 * A receipt belongs to the line by the provider's message id the attempt got: once applied it names its queue row
 * (`queue_item_id`, indexed); one not applied yet (it came before the drain wrote the id) is found by provider and
 * message id (the unique index), the provider being the integration's kind (`cloudapi`, `zenvia`). A failed attempt
 * has no message id, hence no receipts. Three small statements, each set-based, on PGlite and PostgreSQL alike.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import type { Notice } from '../shared/notice.js';
import { AppError } from '../shared/errors.js';
import type { Channel, QueueState, ReceiptStatus } from '../shared/vocabulary.js';
import type { DeliveryTimeline } from './schemas.js';

type Stamp = Date | string;
type Delivery = DeliveryTimeline['delivery'];
type Link = NonNullable<DeliveryTimeline['replacedBy']>;

interface DeliveryColumns {
  delivery_status: NonNullable<Delivery>['status'] | null;
  delivery_at: Stamp | null;
  delivery_error: Notice | null;
}

// raw rows carry timestamps as the driver gives them (a string on some)
const date = (value: Stamp) => new Date(value);

const deliveryOf = (row: DeliveryColumns): Delivery =>
  row.delivery_status
    ? { status: row.delivery_status, at: row.delivery_at ? date(row.delivery_at) : null, error: row.delivery_error }
    : null;

const deliveryColumns = (q: string): SQL =>
  sql.raw(`${q}.delivery_status, ${q}.delivery_at, ${q}.delivery_error`);

/** The order a provider's statuses happen in, for receipts stamped with the same second. */
const lifecycle = sql.raw(`case status when 'sent' then 0 when 'delivered' then 1 when 'read' then 2 else 3 end`);

export async function deliveryTimeline(db: Db, logId: number): Promise<DeliveryTimeline> {
  const [line] = await queryRows<
    {
      id: number;
      channel: Channel;
      at: Stamp;
      success: boolean;
      message: Notice;
      pmid: string | null;
      qid: number | null;
      provider: string | null;
    } & DeliveryColumns
  >(
    db,
    sql`select g.id, g.channel, g.at, g.success, g.message, g.provider_message_id as pmid, g.queue_item_id as qid,
        i.kind as provider, ${deliveryColumns('q')}
      from delivery_logs g
      left join integrations i on i.id = g.integration_id
      left join queue_items q on q.id = g.queue_item_id and g.success
      where g.id = ${logId}`,
  );
  if (!line) throw new AppError('NOT_FOUND', `No log line ${logId}`);

  const events = line.pmid
    ? await queryRows<{ id: number; status: ReceiptStatus; at: Stamp; received_at: Stamp; error_code: string | null; error_title: string | null }>(
        db,
        sql`select * from (
            select id, status, at, received_at, error_code, error_title from delivery_events
            where queue_item_id = ${line.qid} and provider_message_id = ${line.pmid}
            union all
            select id, status, at, received_at, error_code, error_title from delivery_events
            where provider = ${line.provider} and provider_message_id = ${line.pmid} and queue_item_id is null
          ) e order by at, ${lifecycle}, id`,
      )
    : [];

  const links = line.qid === null ? [] : await fallbackLinks(db, line.qid);
  return {
    id: line.id,
    channel: line.channel,
    at: date(line.at),
    success: line.success,
    message: line.message,
    providerMessageId: line.pmid,
    queueItemId: line.qid,
    delivery: deliveryOf(line),
    events: events.map((e) => ({
      status: e.status,
      at: date(e.at),
      receivedAt: date(e.received_at),
      errorCode: e.error_code,
      errorTitle: e.error_title,
    })),
    replacedBy: links.find((l) => l.role === 'replacedBy')?.link ?? null,
    replaces: links.find((l) => l.role === 'replaces')?.link ?? null,
  };
}

/** The queue rows on either side of `queueItemId`'s fallback chain, each with its latest log line. */
async function fallbackLinks(db: Db, queueItemId: number): Promise<{ role: 'replacedBy' | 'replaces'; link: Link }[]> {
  const rows = await queryRows<
    {
      role: 'replacedBy' | 'replaces';
      id: number;
      channel: Channel;
      status: QueueState;
      log_id: number | null;
      log_at: Stamp | null;
      log_success: boolean | null;
      log_message: Notice | null;
    } & DeliveryColumns
  >(
    db,
    sql`with linked as (
        select 'replacedBy' as role, f.id from queue_items f where f.fallback_of = ${queueItemId}
        union all
        select 'replaces', x.fallback_of from queue_items x where x.id = ${queueItemId} and x.fallback_of is not null
      )
      select k.role, r.id, r.channel, r.status, ${deliveryColumns('r')},
        l.id as log_id, l.at as log_at, l.success as log_success, l.message as log_message
      from linked k join queue_items r on r.id = k.id
      left join lateral (
        select g.id, g.at, g.success, g.message from delivery_logs g where g.queue_item_id = r.id order by g.id desc limit 1
      ) l on true`,
  );
  return rows.map((r) => ({
    role: r.role,
    link: {
      queueItemId: r.id,
      channel: r.channel,
      state: r.status,
      log: r.log_id === null ? null : { id: r.log_id, at: date(r.log_at!), success: r.log_success!, message: r.log_message! },
      delivery: r.log_success ? deliveryOf(r) : null,
    },
  }));
}
