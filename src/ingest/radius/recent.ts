/**
 * A bounded memory of recent keys: entries expire after `ttlMs`, and beyond `max` entries the oldest go first. The
 * receiver keeps two: packets already handled (retransmissions get the same answer and are never applied twice) and
 * sessions recently stopped (a late Start/Interim of one is stale).
 *
 * Every operation is O(1) amortised, also at the cap. The age order is a queue of its own, not the Map's: finding
 * the oldest entry by iterating a Map from its start walks over every entry deleted since V8 last rehashed the table,
 * and at the cap (one eviction per insert) that made each insert cost up to ~0.2 ms with 200,000 entries: the
 * RADIUS receiver then fell behind 10,000 packets/s some 30 s after it reached the cap.
 */
interface Entry<V> {
  key: string;
  value: V;
  at: number;
}

export class RecentMap<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** Entries in insertion order from `head`; a slot whose entry was deleted or replaced since is stale and skipped. */
  private order: Entry<V>[] = [];
  private head = 0;

  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Sets `key` as the newest entry (a key set again starts a new life), then forgets the expired and the surplus. */
  set(key: string, value: V): void {
    const now = this.now();
    const entry = { key, value, at: now };
    this.entries.set(key, entry);
    this.order.push(entry);
    while (this.head < this.order.length) {
      const oldest = this.order[this.head]!;
      if (this.entries.get(oldest.key) === oldest) {
        if (this.entries.size <= this.max && now - oldest.at <= this.ttlMs) break;
        this.entries.delete(oldest.key);
      }
      this.head++;
    }
    this.compact();
  }

  /** Replaces the value, keeping the entry's age and place. */
  update(key: string, value: V): void {
    const entry = this.entries.get(key);
    if (entry) entry.value = value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops the slots before `head` once they are half the queue, and stale slots once they outnumber the entries. */
  private compact(): void {
    const slots = this.order.length - this.head;
    if (slots > 2 * this.entries.size + 1024) {
      this.order = this.order.slice(this.head).filter((e) => this.entries.get(e.key) === e);
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }
}
