/** Logs Omnichannel / E-mail / SMS as the UI sees them (the contract lives in src/logs/logs.ts). */
import type { Channel } from '../integrations/types.js';

export type { Channel };

export interface LogRow {
  id: number;
  /** When the attempt ended (ISO). */
  at: string;
  channel: Channel;
  clientId: number;
  clientName: string | null;
  contact: string;
  /** `+55 (DD) 9XXXX-XXXX` for phones; the address for e-mail. */
  contactDisplay: string;
  success: boolean;
  /** The provider's confirmation or the failure reason. */
  message: string;
  providerMessageId: string | null;
  kind: string | null;
  attempt: number;
  batchId: number | null;
  queueItemId: number | null;
}

/** Query of GET /api/logs and /api/logs/export.csv (every key optional; instants ISO with offset). */
export interface LogFilter {
  id?: number;
  clientId?: number;
  channel?: Channel;
  contact?: string;
  from?: string;
  to?: string;
  status?: 'success' | 'failure';
  message?: string;
  batchId?: number;
}
