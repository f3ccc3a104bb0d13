import { createServer, type Server, type Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeText } from '../../shared/notice-text.js';
import type { CheckResult, Outbound, SendResult } from '../types.js';
import { classifySmtpError, smtpProvider, type SmtpOptions } from './smtp.js';

const USER = 'avisos@provedor.test';
const PASSWORD = 'S3nha-do-SMTP-2025';
const FROM = 'Provedor Exemplo <avisos@provedor.test>';

interface Received {
  mail: ParsedMail;
  mailFrom: string;
  rcptTo: string[];
  secure: boolean;
}

interface Inbox {
  port: number;
  received: Received[];
  close(): Promise<void>;
}

/** A rejection with an SMTP reply code, as smtp-server expects it. */
function reply(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

/** Recipients whose local part makes the server refuse them, with the reply it gives. */
const RCPT_REPLIES: Record<string, [number, string]> = {
  inexistente: [550, '5.1.1 <inexistente@cliente.test>: Recipient address rejected: User unknown'],
  depois: [451, '4.3.0 Temporary lookup failure, try again later'],
  cheia: [552, '5.2.2 Mailbox full'],
  limite: [550, '5.4.5 Daily user sending quota exceeded.'],
};

async function startInbox(options: SMTPServerOptions): Promise<Inbox> {
  const received: Received[] = [];
  let queued = 0;
  const server = new SMTPServer({
    logger: false,
    closeTimeout: 100,
    disableReverseLookup: true,
    onMailFrom(address, _session, callback) {
      if (address.address.startsWith('bloqueado@')) return callback(reply(553, '5.7.1 Sender address rejected: not owned by user'));
      callback();
    },
    onRcptTo(address, _session, callback) {
      const rule = RCPT_REPLIES[address.address.split('@')[0]!];
      callback(rule ? reply(...rule) : undefined);
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({
            mail,
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            secure: session.secure,
          });
          queued += 1;
          callback(null, `OK: queued as Q${queued}`);
        },
        (err: Error) => callback(err),
      );
    },
    ...options,
  });
  server.on('error', () => {}); // a client refusing the certificate drops the socket mid-handshake
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Plain SMTP that requires AUTH (allowed without TLS) and offers STARTTLS with smtp-server's built-in certificate. */
const authInbox = () =>
  startInbox({
    authOptional: false,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
      callback(reply(535, '5.7.8 Authentication credentials invalid'));
    },
  });

let plain: Inbox;
let tls: Inbox;

beforeAll(async () => {
  plain = await authInbox();
  // Implicit TLS with smtp-server's built-in certificate (self-signed and expired): refused unless insecureTls.
  tls = await startInbox({ secure: true, authOptional: true });
});

afterAll(async () => {
  await plain.close();
  await tls.close();
});

const base = (): SmtpOptions => ({
  host: '127.0.0.1',
  port: plain.port,
  security: 'none',
  user: USER,
  password: PASSWORD,
  from: FROM,
  timeoutMs: 2000,
});

const email = (to: string, extra: Partial<Extract<Outbound, { channel: 'email' }>> = {}): Outbound => ({
  channel: 'email',
  ref: 'row-9',
  to,
  subject: 'Manutenção programada às 14h — região Centro',
  text: 'Olá! Haverá manutenção na sua região; a conexão pode oscilar. Previsão de normalização: 16h.',
  ...extra,
});

async function withProvider<T>(options: SmtpOptions, run: (provider: ReturnType<typeof smtpProvider>) => Promise<T>): Promise<T> {
  const provider = smtpProvider(options);
  try {
    return await run(provider);
  } finally {
    await provider.close();
  }
}

function failure(result: SendResult | CheckResult) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  expect(JSON.stringify(result.notice)).not.toContain(PASSWORD);
  return result;
}

describe('smtpProvider.send', () => {
  it('delivers from, to, a UTF-8 subject, text and html; returns the Message-ID and the server reply', async () => {
    const before = plain.received.length;
    const html = '<p>Olá! <strong>Manutenção</strong> às 14h — região Centro, conexão pode oscilar.</p>';
    const result = await withProvider(base(), (p) => p.send(email('joao@cliente.test', { html })));
    expect(result).toEqual({ ok: true, providerMessageId: expect.stringMatching(/^<.+@provedor\.test>$/), detail: expect.stringMatching(/^250 OK: queued as Q\d+$/) });
    const got = plain.received[before]!;
    expect(got.mailFrom).toBe(USER);
    expect(got.rcptTo).toEqual(['joao@cliente.test']);
    expect(got.mail.from?.value).toEqual([{ address: USER, name: 'Provedor Exemplo' }]);
    expect(got.mail.subject).toBe('Manutenção programada às 14h — região Centro');
    expect(got.mail.text?.trim()).toBe('Olá! Haverá manutenção na sua região; a conexão pode oscilar. Previsão de normalização: 16h.');
    expect(got.mail.html).toContain('<strong>Manutenção</strong> às 14h — região Centro');
    expect(got.mail.messageId).toBe(result.ok && result.providerMessageId);
    expect(got.mail.headers.get('x-avisa-ref')).toBe('row-9');
    expect(got.secure).toBe(false);
  });

  it('STARTTLS: a refused certificate → config naming the option; insecureTls → delivered over TLS', async () => {
    const refused = failure(await withProvider({ ...base(), security: 'starttls' }, (p) => p.send(email('ana@cliente.test'))));
    expect(refused.kind).toBe('config');
    expect(refused.notice).toMatchObject({ code: 'tls_certificate_refused', detail: expect.any(String) });
    expect(noticeText(refused.notice, 'en')).toMatch(/certificate was refused .*accept an invalid certificate/);
    const before = plain.received.length;
    const accepted = await withProvider({ ...base(), security: 'starttls', insecureTls: true }, (p) => p.send(email('ana@cliente.test')));
    expect(accepted.ok).toBe(true);
    expect(plain.received[before]?.secure).toBe(true);
  });

  it('implicit TLS: a refused certificate → config; insecureTls → delivered', async () => {
    const options: SmtpOptions = { host: '127.0.0.1', port: tls.port, security: 'tls', from: FROM, timeoutMs: 2000 };
    const refused = failure(await withProvider(options, (p) => p.send(email('ana@cliente.test'))));
    expect(refused).toMatchObject({ kind: 'config', code: expect.stringMatching(/CERT|SELF_SIGNED/) });
    expect(refused.notice.code).toBe('tls_certificate_refused');
    const accepted = await withProvider({ ...options, insecureTls: true }, (p) => p.send(email('ana@cliente.test')));
    expect(accepted).toMatchObject({ ok: true, detail: '250 OK: queued as Q1' });
    expect(tls.received[0]?.mail.subject).toBe('Manutenção programada às 14h — região Centro');
  });

  it('implicit TLS against a plain port → config pointing at the security mode', async () => {
    const result = failure(await withProvider({ ...base(), security: 'tls' }, (p) => p.send(email('ana@cliente.test'))));
    expect(result.kind).toBe('config');
    expect(result.notice.code).toBe('tls_failed');
    expect(noticeText(result.notice, 'en')).toContain('check the security mode');
  });

  it('wrong password → config with the server’s reply, never the password', async () => {
    const result = failure(await withProvider({ ...base(), password: 'outra-senha' }, (p) => p.send(email('ana@cliente.test'))));
    expect(result).toMatchObject({ kind: 'config', status: 535, code: '5.7.8' });
    expect(result.notice).toMatchObject({ code: 'provider_said', detail: expect.stringContaining('535 5.7.8 Authentication credentials invalid') });
  });

  it('no login against a server that requires one → config (530)', async () => {
    const { user: _u, password: _p, ...anonymous } = base();
    const result = failure(await withProvider(anonymous, (p) => p.send(email('ana@cliente.test'))));
    expect(result).toMatchObject({ kind: 'config', status: 530 });
  });

  it('recipient refused with 550 → permanent, reply verbatim', async () => {
    const result = failure(await withProvider(base(), (p) => p.send(email('inexistente@cliente.test'))));
    expect(result).toMatchObject({ kind: 'permanent', status: 550, code: '5.1.1' });
    expect(result.notice.detail).toContain('550 5.1.1 <inexistente@cliente.test>: Recipient address rejected: User unknown');
  });

  it('recipient deferred with 451 → retryable', async () => {
    expect(failure(await withProvider(base(), (p) => p.send(email('depois@cliente.test'))))).toMatchObject({
      kind: 'retryable',
      status: 451,
      code: '4.3.0',
    });
  });

  it('552 mailbox full → retryable; an account sending limit → quota; a refused sender → config', async () => {
    await withProvider(base(), async (p) => {
      expect(failure(await p.send(email('cheia@cliente.test')))).toMatchObject({ kind: 'retryable', status: 552 });
      expect(failure(await p.send(email('limite@cliente.test')))).toMatchObject({ kind: 'quota', status: 550 });
      // The pooled connection survives the refusals.
      expect((await p.send(email('ok@cliente.test'))).ok).toBe(true);
    });
    const blocked = failure(await withProvider({ ...base(), from: 'bloqueado@provedor.test' }, (p) => p.send(email('ana@cliente.test'))));
    expect(blocked).toMatchObject({ kind: 'config', status: 553 });
  });

  it('server not listening → retryable', async () => {
    const result = failure(await withProvider({ ...base(), port: await freePort() }, (p) => p.send(email('ana@cliente.test'))));
    expect(result).toMatchObject({ kind: 'retryable', code: 'ECONNREFUSED' });
  });

  it('a server that never greets → retryable within the timeout', async () => {
    const silent = await silentServer();
    try {
      const started = performance.now();
      const result = failure(await withProvider({ ...base(), port: silent.port, timeoutMs: 250 }, (p) => p.send(email('ana@cliente.test'))));
      expect(result).toMatchObject({ kind: 'retryable', code: 'ETIMEDOUT' });
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      await silent.close();
    }
  });

  it('a cancelled send → retryable, nothing delivered', async () => {
    const before = plain.received.length;
    const result = await withProvider(base(), (p) => p.send(email('ana@cliente.test'), AbortSignal.abort()));
    expect(result).toMatchObject({ ok: false, kind: 'retryable', code: 'ABORTED' });
    expect(plain.received.length).toBe(before);
  });

  it('refuses another channel', async () => {
    const sms: Outbound = { channel: 'sms', ref: 'r', to: '+5548999123456', text: 'x' };
    expect(await withProvider(base(), (p) => p.send(sms))).toMatchObject({ ok: false, kind: 'permanent' });
  });
});

describe('smtpProvider.check', () => {
  it('ok with the right login', async () => {
    expect(await withProvider(base(), (p) => p.check())).toEqual({
      ok: true,
      notice: { code: 'check_smtp_login', params: { host: '127.0.0.1', port: plain.port, security: 'none', user: USER } },
    });
  });

  it('config with a wrong password or a refused certificate', async () => {
    expect(failure(await withProvider({ ...base(), password: 'errada-123' }, (p) => p.check()))).toMatchObject({ kind: 'config', status: 535 });
    expect(failure(await withProvider({ ...base(), security: 'starttls' }, (p) => p.check()))).toMatchObject({ kind: 'config' });
  });

  it('retryable when nothing listens', async () => {
    expect(failure(await withProvider({ ...base(), port: await freePort() }, (p) => p.check()))).toMatchObject({ kind: 'retryable' });
  });
});

describe('classifySmtpError', () => {
  const smtpError = (code: string, responseCode: number | undefined, response: string | undefined, command?: string) => ({
    message: response ? `Failed: ${response}` : code,
    code,
    ...(responseCode === undefined ? {} : { responseCode }),
    ...(response === undefined ? {} : { response }),
    ...(command === undefined ? {} : { command }),
  });
  const cases: [name: string, kind: string, err: object][] = [
    ['421 closing', 'retryable', smtpError('EENVELOPE', 421, '421 4.7.0 Try again later, closing connection', 'RCPT TO')],
    ['452 too many recipients', 'retryable', smtpError('EENVELOPE', 452, '452 4.5.3 Too many recipients', 'RCPT TO')],
    ['452 sending limit', 'quota', smtpError('EENVELOPE', 452, '452 4.3.1 Daily sending limit exceeded', 'MAIL FROM')],
    ['554 Office 365 submission quota', 'quota', smtpError('EMESSAGE', 554, '554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException', 'DATA')],
    ['552 message too big', 'permanent', smtpError('EMESSAGE', 552, '552 5.3.4 Message size exceeds fixed limit', 'DATA')],
    ['552 mailbox over quota', 'retryable', smtpError('EENVELOPE', 552, '552 5.2.2 Mailbox over quota', 'RCPT TO')],
    ['503 bad sequence', 'retryable', smtpError('EPROTOCOL', 503, '503 5.5.1 Bad sequence of commands', 'DATA')],
    ['554 on the greeting', 'config', smtpError('EPROTOCOL', 554, '554 5.7.1 Your IP is blocked', 'CONN')],
    ['454 temporary auth failure', 'retryable', smtpError('EAUTH', 454, '454 4.7.0 Temporary authentication failure', 'AUTH PLAIN')],
    ['534 application password required', 'config', smtpError('EAUTH', 534, '534 5.7.9 Application-specific password required', 'AUTH PLAIN')],
    ['554 on DATA (content)', 'permanent', smtpError('EMESSAGE', 554, '554 5.7.1 Message rejected as spam', 'DATA')],
    ['501 bad recipient syntax', 'permanent', smtpError('EENVELOPE', 501, '501 5.1.3 Bad recipient address syntax', 'RCPT TO')],
    ['missing credentials', 'config', smtpError('ENOAUTH', undefined, undefined)],
    ['invalid sender before sending', 'config', { code: 'EENVELOPE', message: 'Invalid sender "x"' }],
    ['no recipients before sending', 'permanent', { code: 'EENVELOPE', message: 'No recipients defined' }],
    ['connection reset', 'retryable', { code: 'ESOCKET', originalCode: 'ECONNRESET', message: 'read ECONNRESET' }],
    ['DNS failure', 'retryable', { code: 'EDNS', originalCode: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND smtp.example' }],
    ['wrong host name on the certificate', 'config', { code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID', message: 'Hostname/IP does not match' }],
    ['STARTTLS not offered', 'config', { code: 'ETLS', message: 'STARTTLS is required but not supported' }],
  ];
  it.each(cases)('%s → %s', (_name, kind, err) => {
    expect(classifySmtpError(err).kind).toBe(kind);
  });

  it('scrubs the password and its AUTH PLAIN base64 form', () => {
    const plainB64 = Buffer.from(`\u0000${USER}\u0000${PASSWORD}`).toString('base64');
    const err = { code: 'EAUTH', responseCode: 535, response: `535 bad ${plainB64}`, message: `Invalid login: 535 bad ${plainB64} ${PASSWORD}` };
    const secrets = [PASSWORD, Buffer.from(PASSWORD).toString('base64'), plainB64];
    const result = classifySmtpError(err, secrets);
    expect(result.notice).toEqual({ code: 'provider_said', detail: 'Invalid login: 535 bad *** ***' });
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
