/**
 * WhatsApp Cloud API errors → what the queue does (issue 18's policy table; opasuite.md §2.3, market-2026.md). The
 * decision is taken on Meta's numeric `code` (never its title or subcode, which v16+ dropped), then on the HTTP
 * status for codes the table does not know.
 *
 * | codes                                              | kind      | fallback | meaning                                    |
 * |----------------------------------------------------|-----------|----------|--------------------------------------------|
 * | 130429, 131056, 131057, 80007, 131000, 1, 2; 5xx, 429, timeouts | retryable | no | throughput, pair rate, maintenance, transient |
 * | 131026, 131049, 130472, 131050                      | permanent | yes      | this user cannot be reached on WhatsApp     |
 * | 132000, 132001, 132005, 132007, 132012, 132015, 132016, 132018, 131008, 131009 | permanent | no | the template or its parameters: fix the message |
 * | 131048, 131042, 190, 0, 10, 200–299, 368, 100 on the phone number | config | no | spam limit, payment, token, permission, policy: stop the integration's run and alert |
 * | any other 4xx                                      | permanent | no       |                                            |
 */
import type { FailureKind } from '../types.js';

export interface CloudApiPolicy {
  kind: FailureKind;
  /** The recipient may get the message by another channel instead (SMS): WhatsApp will not reach them. */
  fallback: boolean;
}

const RETRY = new Set([130429, 131056, 131057, 80007, 131000, 1, 2]);
const UNREACHABLE = new Set([131026, 131049, 130472, 131050]);
const MESSAGE = new Set([132000, 132001, 132005, 132007, 132012, 132015, 132016, 132018, 131008, 131009]);
const INTEGRATION = new Set([131048, 131042, 190, 0, 10, 368]);

/** The policy for an error `code` (undefined: none in the answer) given with HTTP `status` (0: no answer). */
export function cloudApiPolicy(code: number | undefined, status: number): CloudApiPolicy {
  if (code !== undefined) {
    if (RETRY.has(code)) return { kind: 'retryable', fallback: false };
    if (UNREACHABLE.has(code)) return { kind: 'permanent', fallback: true };
    if (MESSAGE.has(code)) return { kind: 'permanent', fallback: false };
    if (INTEGRATION.has(code) || (code >= 200 && code <= 299)) return { kind: 'config', fallback: false };
  }
  if (status === 0 || status === 408 || status === 429 || status >= 500) return { kind: 'retryable', fallback: false };
  if (status === 401 || status === 403) return { kind: 'config', fallback: false };
  return { kind: 'permanent', fallback: false };
}

/** The Graph error in an answer body: `{error: {code, message, error_data: {details}}}`. */
export function graphError(body: unknown): { code?: number; message?: string } {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return {};
  const e = error as { code?: unknown; message?: unknown; error_data?: { details?: unknown } };
  const details = typeof e.error_data?.details === 'string' ? e.error_data.details : undefined;
  const message = [typeof e.message === 'string' ? e.message : undefined, details].filter(Boolean).join(' — ') || undefined;
  return { ...(typeof e.code === 'number' ? { code: e.code } : {}), ...(message ? { message } : {}) };
}
