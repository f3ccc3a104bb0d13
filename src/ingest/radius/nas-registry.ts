/**
 * NAS shared secrets: stored sealed in `nas.radius_secret` (src/shared/secret-box.ts), set with
 * `setNasSecret`, and held opened in memory by the receiver's `NasRegistry`, which finds the candidates for a
 * packet by the NAS's `ip_address` (the packet's source address, else its NAS-IP-Address attribute). The
 * registry reloads periodically and, rate-limited, when a packet comes from an address it does not know — so a
 * secret set with `avisa nas secret` while the receiver runs is picked up without a restart. Secrets are never
 * logged.
 */
import { isIP } from 'node:net';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/database.js';
import { AppError, refused } from '../../shared/errors.js';
import { notice } from '../../shared/notice.js';
import { openSecret, sealSecret } from '../../shared/secret-box.js';

export interface NasCredential {
  nasId: number;
  secret: string;
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) → `10.0.0.1`; trimmed, lower-case. */
export function normaliseAddress(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

export class NasRegistry {
  private byAddress = new Map<string, NasCredential[]>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;
  /** NAS rows whose sealed secret cannot be opened with this installation's key. */
  unreadable = 0;

  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
    private readonly options: { refreshMs?: number; minGapMs?: number; now?: () => number } = {},
  ) {}

  get nasCount(): number {
    return new Set([...this.byAddress.values()].flat().map((c) => c.nasId)).size;
  }

  async load(): Promise<void> {
    const rows = await queryRows<{ id: number; ip: string; sealed: string }>(
      this.db,
      sql`select id, ip_address as ip, radius_secret as sealed from nas
           where radius_secret is not null and ip_address is not null order by id`,
    );
    const next = new Map<string, NasCredential[]>();
    let unreadable = 0;
    for (const row of rows) {
      let secret: string;
      try {
        secret = openSecret(this.key, row.sealed);
      } catch {
        unreadable++;
        continue;
      }
      const address = normaliseAddress(row.ip);
      const list = next.get(address) ?? [];
      list.push({ nasId: row.id, secret });
      next.set(address, list);
    }
    this.byAddress = next;
    this.unreadable = unreadable;
    this.loadedAt = (this.options.now ?? Date.now)();
  }

  /** The NAS that may have sent from `address` (usually one; several NAS rows may share an address). */
  candidates(address: string | undefined): NasCredential[] {
    if (!address) return [];
    this.refreshIfDue(false);
    return this.byAddress.get(normaliseAddress(address)) ?? [];
  }

  /** Reloads in the background: when due, or (`unknownSeen`) after a packet from an unknown address. */
  refreshIfDue(unknownSeen: boolean): void {
    const now = (this.options.now ?? Date.now)();
    const age = now - this.loadedAt;
    const due = age >= (this.options.refreshMs ?? 60_000) || (unknownSeen && age >= (this.options.minGapMs ?? 5_000));
    if (!due || this.loading) return;
    this.loadedAt = now; // one attempt per interval, even if it fails
    this.loading = this.load()
      .catch(() => {})
      .finally(() => {
        this.loading = null;
      });
  }

  /** Waits for a reload in progress (tests, shutdown). */
  async settled(): Promise<void> {
    await this.loading;
  }
}

/**
 * Stores (sealed) the shared secret of NAS `nasId`, or removes it (`null`: its packets are dropped from then
 * on). `ipAddress`, when given, is stored too: the receiver knows a NAS by it.
 */
export async function setNasSecret(
  db: Db,
  key: Buffer,
  nasId: number,
  secret: string | null,
  ipAddress?: string,
): Promise<{ id: number; name: string; ipAddress: string | null }> {
  if (secret !== null && (secret.length === 0 || Buffer.byteLength(secret) > 128)) {
    throw refused('secret', notice('radius_secret_length'));
  }
  if (ipAddress !== undefined && !isIP(ipAddress.trim())) throw refused('ip', notice('not_ip_address', { got: ipAddress }));
  const sealed = secret === null ? null : sealSecret(key, secret);
  const [row] = await queryRows<{ id: number; name: string; ipAddress: string | null }>(
    db,
    sql`update nas set radius_secret = ${sealed}, ip_address = coalesce(${ipAddress?.trim() ?? null}, ip_address)
         where id = ${nasId} returning id, name, ip_address as "ipAddress"`,
  );
  if (!row) throw new AppError('NOT_FOUND', `No NAS ${nasId}`);
  return row;
}
