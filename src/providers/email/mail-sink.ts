/**
 * A local SMTP server that accepts every message and keeps the envelope (for the demo: e-mail sends work with
 * no mail server to configure). Not a relay: nothing leaves the machine.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  at: string;
  from: string;
  to: string[];
  bytes: number;
}

export interface MailSink {
  host: string;
  port: number;
  mails: SunkMail[];
  close(): Promise<void>;
}

export async function startMailSink(options: { port?: number; host?: string; onMail?: (mail: SunkMail) => void } = {}): Promise<MailSink> {
  const host = options.host ?? '127.0.0.1';
  const mails: SunkMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const mail = { at: new Date().toISOString(), from, to: session.envelope.rcptTo.map((r) => r.address), bytes };
        mails.push(mail);
        if (mails.length > 1000) mails.shift();
        options.onMail?.(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { host, port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
