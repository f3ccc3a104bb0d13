/**
 * What `avisa start` / `avisa serve` print on the terminal, in the installation's language (AVISA_LANGUAGE): where
 * Avisa is, who signs in (the one-time password of a new admin), the demo's simulators, how to stop. Logs are
 * pino's (English keys, for machines); this is for the person who ran the command.
 */
import type { Config } from '../config/config.js';

type Language = Config['AVISA_LANGUAGE'];

export interface BannerFacts {
  url: string;
  storage: { embedded: true; dir: string } | { embedded: false; server: string };
  /** A new admin (first start): the password is shown this once. */
  admin?: { username: string; password: string } | null | undefined;
  /** The demo's simulators, when it runs them. */
  sandbox?: { opa: string; cloudapi: string; sms: string; smtp: string } | null | undefined;
  demo: boolean;
}

export interface DemoCounts {
  clients: number;
  logins: number;
  nas: number;
  ftth_boxes: number;
}
type Shown = Record<keyof DemoCounts, string>;

const texts = {
  'pt-BR': {
    at: (url: string) => `Avisa em ${url}`,
    embedded: (dir: string) => `banco embutido (PGlite) em ${dir}`,
    server: (server: string) => `PostgreSQL em ${server}`,
    user: (u: string) => `Usuário: ${u}`,
    password: (p: string) => `Senha:   ${p}   (mostrada só agora; troque em Configurações › Usuários)`,
    existing: 'Entre com um usuário já cadastrado. Esqueceu a senha? npm run avisa -- user password admin',
    sandbox: (s: NonNullable<BannerFacts['sandbox']>) => `Simuladores da demo: Opa! Suite ${s.opa} · WhatsApp Cloud API ${s.cloudapi} · SMS Dev ${s.sms} · SMTP ${s.smtp}`,
    sandboxNote: 'As integrações "… da demo" só respondem enquanto este processo estiver rodando; nada sai da máquina.',
    stop: 'Para parar: Ctrl+C (os dados ficam; o próximo início é rápido).',
    emptyDb: (logins: string) => `Banco vazio: gerando o provedor de demonstração (${logins} logins)…`,
    demoDone: (seconds: string, c: Shown) =>
      `Provedor de demonstração gerado em ${seconds} s: ${c.clients} clientes, ${c.logins} logins, ${c.nas} concentradores, ${c.ftth_boxes} caixas FTTH.`,
  },
  en: {
    at: (url: string) => `Avisa at ${url}`,
    embedded: (dir: string) => `embedded database (PGlite) in ${dir}`,
    server: (server: string) => `PostgreSQL at ${server}`,
    user: (u: string) => `User:     ${u}`,
    password: (p: string) => `Password: ${p}   (shown only now; change it in Settings › Users)`,
    existing: 'Sign in with an existing user. Forgot the password? npm run avisa -- user password admin',
    sandbox: (s: NonNullable<BannerFacts['sandbox']>) => `Demo simulators: Opa! Suite ${s.opa} · WhatsApp Cloud API ${s.cloudapi} · SMS Dev ${s.sms} · SMTP ${s.smtp}`,
    sandboxNote: 'The "… da demo" integrations answer only while this process runs; nothing leaves the machine.',
    stop: 'To stop: Ctrl+C (the data stays; the next start is quick).',
    emptyDb: (logins: string) => `Empty database: generating the demo ISP (${logins} logins)…`,
    demoDone: (seconds: string, c: Shown) =>
      `Demo ISP generated in ${seconds} s: ${c.clients} clients, ${c.logins} logins, ${c.nas} NAS, ${c.ftth_boxes} FTTH boxes.`,
  },
} as const;


const locale = (language: Language) => (language === 'en' ? 'en-US' : 'pt-BR');
const number = (language: Language, n: number) => n.toLocaleString(locale(language));

/** The lines of the banner, in `language`. */
export function bannerLines(language: Language, facts: BannerFacts): string[] {
  const t = texts[language];
  const where = facts.storage.embedded ? t.embedded(facts.storage.dir) : t.server(facts.storage.server);
  const lines = [`${t.at(facts.url)}   (${where})`];
  if (facts.admin) lines.push(t.user(facts.admin.username), t.password(facts.admin.password));
  else if (facts.demo) lines.push(t.existing);
  if (facts.sandbox) lines.push(t.sandbox(facts.sandbox), t.sandboxNote);
  lines.push(t.stop);
  return lines;
}

export function emptyDatabaseLine(language: Language, logins: number): string {
  return texts[language].emptyDb(number(language, logins));
}

export function demoDoneLine(language: Language, durationMs: number, counts: Partial<DemoCounts>): string {
  const n = (v: number | undefined) => number(language, v ?? 0);
  const seconds = (durationMs / 1000).toLocaleString(locale(language), { maximumFractionDigits: 1 });
  return texts[language].demoDone(seconds, { clients: n(counts.clients), logins: n(counts.logins), nas: n(counts.nas), ftth_boxes: n(counts.ftth_boxes) });
}
