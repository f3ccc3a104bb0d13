/**
 * The one small interface every delivery provider implements (Opa! Suite for WhatsApp, SMTP for e-mail, Zenvia
 * and SMS Dev for SMS), and the outcome vocabulary the queue's drain engine acts on.
 */

import type { Notice } from '../shared/notice.js';
import type { Channel } from '../shared/vocabulary.js';
import type { CheckResult, failureKinds } from './schemas.js';

export type { Channel, CheckResult };

/**
 * How a failed attempt must be treated:
 * - `retryable`: worth another try later (timeout, connection reset, 429, 5xx);
 * - `permanent`: this recipient/message will not go through as is (invalid number, contact em atendimento,
 *   template parameter errors) — fail the row, keep going with the others;
 * - `config`: the integration itself is wrong (401/403, unknown channel, bad sender) — stop sending through it;
 * - `quota`: the provider's allowance ran out (Opa's daily template limit, SMS credits) — stop sending through it
 *   and leave the rest pending for a later run.
 */
export type FailureKind = (typeof failureKinds)[number];

export type SendResult =
  | {
      ok: true;
      /** The provider's id for the accepted message (Opa `messageSentId`, Zenvia `id`, SMS Dev `id`, SMTP Message-ID). */
      providerMessageId: string;
      /** The provider's own confirmation, verbatim, when it gave one (Opa's `data.message`, an SMTP reply). */
      detail?: string;
    }
  | {
      ok: false;
      kind: FailureKind;
      /** Why, as a code (src/shared/notice.ts); the provider's own words, if any, are its detail (never a secret). */
      notice: Notice;
      /** HTTP status or SMTP reply code when there was one. */
      status?: number;
      /** Provider error code when there was one (Meta `132018`, Zenvia `code`, SMS Dev `codigo`…). */
      code?: string;
      /** From `Retry-After`, when the provider said how long to wait. */
      retryAfterMs?: number;
      /** This channel will not reach the recipient (not on WhatsApp, marketing cap): another channel may. */
      fallback?: boolean;
    };

/** Which template a WhatsApp message is: an Opa! Suite channel's template, or a Cloud API template by name. */
export type WhatsAppTemplateRef = { channelId: string; templateId: string } | { templateName: string; language: string };

/** One message to deliver. `ref` is our queue row id, passed to the provider for correlation where it allows. */
export type Outbound =
  | ({
      channel: 'whatsapp';
      ref: string;
      /** E.164 with `+`: `+5548999123456`. */
      to: string;
      /** Positional, already sanitised for Meta (no newline/tab, no 4+ spaces). */
      variables: string[];
    } & WhatsAppTemplateRef)
  | { channel: 'email'; ref: string; to: string; subject: string; text: string; html?: string }
  | {
      channel: 'sms';
      ref: string;
      /** E.164 with `+`; each gateway formats it as it needs (digits with or without 55). */
      to: string;
      text: string;
    };

/**
 * A provider's answer to "may one more message go out now?" when it keeps a quota (Opa's daily template limit per
 * channel): go ahead, holding one unit until `settle` says what became of it, or hold the row with the reason.
 */
export type Reservation =
  | {
      ok: true;
      /**
       * Called once: `attempted` when the request was made (answered or not, the unit stays spent), `false` when
       * the message never went out (the run stopped first) and the unit goes back.
       */
      settle(attempted: boolean): void;
    }
  | { ok: false; notice: Notice };

export interface Provider {
  readonly channel: Channel;
  /** Never throws for a provider-side failure: every outcome is a `SendResult`. */
  send(message: Outbound, signal?: AbortSignal): Promise<SendResult>;
  /**
   * The provider's own quota, when it keeps one: asked before every send and shared by all the sends of a run, so
   * concurrent sends never go past it. Without it nothing is held back (the send's own answer says `quota`).
   */
  reserve?(message: Outbound): Promise<Reservation>;
  /**
   * How many distinct recipients the sender may reach in a rolling 24 h (WhatsApp's messaging-limit tier), read
   * from the provider: a number, `null` when unlimited, `undefined` when it could not be read (nothing is held back
   * then: the sends' own answers say what is wrong). The drain keeps the count (src/queue/recipient-budget.ts).
   */
  recipientLimit?(signal?: AbortSignal): Promise<number | null | undefined>;
  /** Checks credentials and reachability without sending anything. */
  check(signal?: AbortSignal): Promise<CheckResult>;
  /** Releases pooled connections. */
  close(): Promise<void>;
}
