/**
 * SMTP as the e-mail provider: a nodemailer pooled transport per integration (implicit TLS, required STARTTLS or
 * plain), one message per `send`, every outcome a `SendResult`. `providerMessageId` is the Message-ID nodemailer
 * generated (with angle brackets), `detail` the server's final reply (`250 OK: queued as …`); the queue row id goes
 * out as the `X-Avisa-Ref` header. Connection, greeting and socket-idle timeouts are `timeoutMs` each; a whole send
 * (waiting for a pooled connection included) gets 3 × `timeoutMs`, which also stops a server trickling its replies.
 *
 * Classification (`classifySmtpError`, first match wins):
 * | failure                                                                       | kind      |
 * |-------------------------------------------------------------------------------|-----------|
 * | certificate refused (expired, self-signed, wrong name, unknown CA)             | config (message names the option) |
 * | TLS handshake failure without a reply (`ERR_SSL_*`, `ETLS`): wrong security mode | config    |
 * | `EAUTH`/`ENOAUTH` with a 5xx or no reply; 530, 534, 535, 538 on any command     | config    |
 * | 4xx reply naming an account sending limit ("quota exceeded", "sending limit",  | quota     |
 * |   "too many messages", "rate limit"…), and the same wording on a 5xx reply      |           |
 * | any other 4xx reply (421, 450, 451, 452, 454…), 503                            | retryable |
 * | 552: "message too big" (x.3.4, size) → permanent; else (mailbox full)           | retryable |
 * |   (RFC 5321 §4.5.3.1.10: treat 552 on RCPT as the temporary 452)               |           |
 * | 5xx on `MAIL FROM` (sender refused for this account)                            | config    |
 * | 5xx on the greeting, EHLO/HELO, STARTTLS or AUTH                                | config    |
 * | other 5xx (550/551/553/501/554 on RCPT, 554 on DATA…)                          | permanent |
 * | invalid address caught before sending (`EENVELOPE` without reply): sender → config, recipient → permanent |
 * | refused, reset, DNS, connection/greeting/socket timeout, our 3 × timeout, cancel | retryable |
 * A full recipient mailbox is the recipient's problem, not the integration's, so it never stops the integration
 * (`quota` would); an account's sending limit does. The server's reply stays verbatim in the notice's detail; the password
 * (and its base64 forms) is scrubbed from any text.
 */
import nodemailer from 'nodemailer';
import type { CheckResult, FailureKind, Outbound, Provider, SendResult } from '../types.js';
import { aborted } from '../../shared/abort.js';
import { type Notice, notice, said } from '../../shared/notice.js';

export type SmtpSecurity = 'tls' | 'starttls' | 'none';

export interface SmtpOptions {
  host: string;
  port: number;
  /** `tls`: implicit TLS (465); `starttls`: upgrade required (587); `none`: plain, no upgrade (local relays). */
  security: SmtpSecurity;
  user?: string;
  password?: string;
  /** The From header, e.g. `Provedor Exemplo <avisos@provedor.com.br>`. */
  from: string;
  /** Accept an expired, self-signed or otherwise invalid certificate. */
  insecureTls?: boolean;
  /** Per-phase timeout (connect, greeting, idle socket); default 20 s. */
  timeoutMs?: number;
  /** Pooled connections; default 2. */
  maxConnections?: number;
}

type SendFailure = Extract<SendResult, { ok: false }>;

/** The fields nodemailer puts on its errors (`NodemailerError`). */
interface SmtpError {
  message?: string;
  code?: string;
  originalCode?: string;
  response?: string;
  responseCode?: number;
  command?: string;
}

export function smtpProvider(options: SmtpOptions): Provider {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const secrets = secretForms(options.user, options.password);
  const transporter = nodemailer.createTransport({
    pool: true,
    host: options.host,
    port: options.port,
    secure: options.security === 'tls',
    requireTLS: options.security === 'starttls',
    ignoreTLS: options.security === 'none',
    ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
    tls: { rejectUnauthorized: !options.insecureTls },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    maxConnections: options.maxConnections ?? 2,
    maxMessages: 100,
    // One retry on a fresh connection when a pooled one closes under a message; the queue retries the rest.
    maxRequeues: 1,
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });

  return {
    channel: 'email',

    async send(message: Outbound, signal?: AbortSignal): Promise<SendResult> {
      if (message.channel !== 'email') {
        return { ok: false, kind: 'permanent', notice: notice('wrong_channel', { provider: 'smtp', channel: message.channel }) };
      }
      const budgetMs = timeoutMs * 3;
      const budget = AbortSignal.timeout(budgetMs);
      try {
        const info = await transporter.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
          headers: { 'X-Avisa-Ref': message.ref },
          signal: signal ? AbortSignal.any([signal, budget]) : budget,
        });
        const reply = redact(String(info.response ?? ''), secrets);
        return { ok: true, providerMessageId: info.messageId, ...(reply ? { detail: reply } : {}) };
      } catch (err) {
        if (budget.aborted) return { ok: false, kind: 'retryable', notice: notice('timeout', { seconds: budgetMs / 1000 }), code: 'TIMEOUT' };
        if (signal?.aborted) return { ok: false, kind: 'retryable', notice: notice('request_cancelled'), code: 'ABORTED' };
        return classifySmtpError(err, secrets);
      }
    },

    async check(signal?: AbortSignal): Promise<CheckResult> {
      const budgetMs = timeoutMs * 3;
      const budget = AbortSignal.timeout(budgetMs);
      const stop = signal ? AbortSignal.any([signal, budget]) : budget;
      try {
        await Promise.race([
          transporter.verify(),
          aborted(stop).then(() => {
            throw new Error('stopped'); // answered below from the signals: timeout or cancelled
          }),
        ]);
        const { host, port, security, user } = options;
        const found = user ? notice('check_smtp_login', { host, port, security, user }) : notice('check_smtp', { host, port, security });
        return { ok: true, notice: found };
      } catch (err) {
        if (stop.aborted) {
          return { ok: false, kind: 'retryable', notice: budget.aborted ? notice('timeout', { seconds: budgetMs / 1000 }) : notice('request_cancelled') };
        }
        const { kind, notice: why, status } = classifySmtpError(err, secrets);
        return { ok: false, kind, notice: why, ...(status === undefined ? {} : { status }) };
      }
    },

    async close() {
      transporter.close();
    },
  };
}

const CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|HOSTNAME_MISMATCH/;
const SENDING_LIMIT = /quota exceeded|sending (quota|limit)|daily (user )?sending|limit exceeded|rate limit|too many messages|message limit|SubmissionQuota/i;
const MAILBOX_FULL = /mailbox (is )?full|over quota|mailbox.{0,20}quota|quota.{0,20}mailbox|storage/i;
const TOO_BIG = /too (big|large)|size/i;
const SESSION_COMMANDS = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH)/i;
const AUTH_REPLIES = new Set([530, 534, 535, 538]);

/** Turns a nodemailer error into a failed `SendResult` (table in the file comment). */
export function classifySmtpError(err: unknown, secrets: readonly string[] = []): SendFailure {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SmtpError;
  const reply = typeof e.response === 'string' ? e.response : undefined;
  const replyCode = typeof e.responseCode === 'number' && reply ? e.responseCode : undefined;
  const enhanced = reply ? /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1] : undefined;
  const systemCode = e.originalCode ?? e.code;
  const text = redact(e.message ?? reply ?? 'SMTP failure', secrets);
  const fail = (kind: FailureKind, why: Notice = said('provider_said', text)): SendFailure => ({
    ok: false,
    kind,
    notice: why,
    ...(replyCode === undefined ? {} : { status: replyCode }),
    ...((enhanced ?? systemCode) ? { code: (enhanced ?? systemCode)! } : {}),
  });

  if (replyCode === undefined) {
    if (systemCode && CERTIFICATE.test(systemCode)) {
      return fail('config', said('tls_certificate_refused', text, { code: systemCode }));
    }
    if (systemCode && (/^ERR_SSL_/.test(systemCode) || systemCode === 'ETLS' || systemCode === 'EREQUIRETLS')) {
      return fail('config', said('tls_failed', text, { code: systemCode }));
    }
    if (e.code === 'EAUTH' || e.code === 'ENOAUTH' || e.code === 'ECONFIG') return fail('config');
    if (e.code === 'EENVELOPE') return fail(/sender/i.test(text) ? 'config' : 'permanent');
    if (e.code === 'EMESSAGE' || e.code === 'ESTREAM') return fail('permanent');
    return fail('retryable'); // ECONNECTION, ESOCKET (refused, reset), ETIMEDOUT, EDNS, EMAXLIMIT, EABORT…
  }

  const command = e.command ?? '';
  if (AUTH_REPLIES.has(replyCode)) return fail('config');
  if (!MAILBOX_FULL.test(reply!) && SENDING_LIMIT.test(reply!)) return fail('quota');
  if (replyCode === 552) return fail(enhanced?.endsWith('.3.4') || TOO_BIG.test(reply!) ? 'permanent' : 'retryable');
  if (replyCode < 500 || replyCode === 503) return fail('retryable');
  if (e.code === 'EAUTH' || /^MAIL/i.test(command) || SESSION_COMMANDS.test(command)) return fail('config');
  return fail('permanent');
}

/** The password as is and in the base64 forms SMTP AUTH sends it (PLAIN, LOGIN). */
function secretForms(user: string | undefined, password: string | undefined): string[] {
  if (!password) return [];
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return [password, b64(password), b64(`\u0000${user ?? ''}\u0000${password}`)];
}

/** Secrets shorter than 4 characters are left alone: scrubbing them would mangle every message. */
function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  return out;
}
