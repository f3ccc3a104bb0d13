/**
 * The RADIUS accounting receiver's packet counts for Prometheus: read from the receiver's own counters
 * (src/ingest/radius/receiver.ts `stats`) at scrape time, so its hot path is untouched. A receiver that stops is
 * folded into the totals, which therefore never go down while the process lives.
 */
import { Counter } from 'prom-client';
import { processRegistry } from './registry.js';

/** What stopped receivers counted; its fields are the receiver's counters this reads (of its `ReceiverStats`). */
const retired = {
  received: 0, applied: 0, ignored: 0, stale: 0, duplicates: 0, malformed: 0, unsupported: 0, unknownNas: 0, badAuthenticator: 0, overload: 0, applyErrors: 0,
};
export type RadiusCounts = typeof retired;
const fields = Object.keys(retired) as (keyof RadiusCounts)[];
const sources = new Set<() => RadiusCounts>();

function totals(): RadiusCounts {
  const sum = { ...retired };
  for (const read of sources) {
    const counts = read();
    for (const f of fields) sum[f] += counts[f];
  }
  return sum;
}

/** Counts `read()`'s packets from now on; the returned function stops reading (keeping what it counted). */
export function observeRadiusReceiver(read: () => RadiusCounts): () => void {
  sources.add(read);
  return () => {
    if (!sources.delete(read)) return;
    const last = read();
    for (const f of fields) retired[f] += last[f];
  };
}

/** A counter whose value is computed from the receivers' counts when scraped. */
function computed(name: string, help: string, value: (c: RadiusCounts) => number | Record<string, number>, labelNames: string[] = []): void {
  new Counter({
    name,
    help,
    labelNames,
    registers: [processRegistry],
    collect() {
      this.reset();
      const v = value(totals());
      if (typeof v === 'number') this.inc(v);
      else for (const [reason, n] of Object.entries(v)) this.inc({ reason }, n);
    },
  });
}

computed('avisa_radius_packets_received_total', 'RADIUS datagrams this process received on its accounting port', (c) => c.received);
computed('avisa_radius_packets_applied_total', 'RADIUS Accounting-Requests whose event was stored (committed) and answered', (c) => c.applied);
computed(
  'avisa_radius_packets_dropped_total',
  'RADIUS datagrams dropped unanswered, by reason: malformed, unsupported (not an Accounting-Request), unknown_nas, bad_authenticator (shared secret mismatch), overload (too many waiting)',
  (c) => ({ malformed: c.malformed, unsupported: c.unsupported, unknown_nas: c.unknownNas, bad_authenticator: c.badAuthenticator, overload: c.overload }),
  ['reason'],
);
computed(
  'avisa_radius_packets_unapplied_total',
  'RADIUS Accounting-Requests answered without applying anything, by reason: ignored (changes nothing), stale (session already stopped), duplicate (retransmission)',
  (c) => ({ ignored: c.ignored, stale: c.stale, duplicate: c.duplicates }),
  ['reason'],
);
computed('avisa_radius_batch_failures_total', 'Batches of RADIUS events that could not be stored (their packets go unanswered; the NAS retransmits)', (c) => c.applyErrors);
