/**
 * A bounded memory of recent keys (insertion-ordered Map): entries expire after `ttlMs`, and beyond `max`
 * entries the oldest go first. The receiver keeps two: packets already handled (retransmissions get the same
 * answer and are never applied twice) and sessions recently stopped (a late Start/Interim of one is stale).
 */
export class RecentMap<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

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

  set(key: string, value: V): void {
    const now = this.now();
    this.entries.delete(key); // re-inserted at the end: the newest
    this.entries.set(key, { value, at: now });
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.max && now - entry.at <= this.ttlMs) break;
      this.entries.delete(oldest);
    }
  }

  /** Replaces the value, keeping the entry's age and place. */
  update(key: string, value: V): void {
    const entry = this.entries.get(key);
    if (entry) entry.value = value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
