import { describe, expect, it } from 'vitest';
import { bannerLines, demoDoneLine, emptyDatabaseLine } from './banner.js';

const facts = {
  url: 'http://localhost:3000',
  storage: { embedded: true as const, dir: './data' },
  admin: { username: 'admin', password: 'Xy7-secret' },
  sandbox: { opa: 'http://127.0.0.1:1/api/v1', cloudapi: 'http://127.0.0.1:4', sms: 'http://127.0.0.1:2', smtp: '127.0.0.1:3' },
  demo: true,
};

describe('the terminal banner', () => {
  it('says where Avisa is, who signs in and how to stop, all in Portuguese by default', () => {
    const lines = bannerLines('pt-BR', facts);
    expect(lines[0]).toBe('Avisa em http://localhost:3000   (banco embutido (PGlite) em ./data)');
    expect(lines).toContain('Usuário: admin');
    expect(lines.some((l) => l.startsWith('Senha:   Xy7-secret   (mostrada só agora'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^Para parar: Ctrl\+C/);
    expect(lines.join('\n')).not.toMatch(/\b(Password|User|embedded|To stop)\b/);
  });

  it('speaks English when the installation does, with no Portuguese of its own', () => {
    const lines = bannerLines('en', { ...facts, storage: { embedded: false, server: 'postgres://avisa:***@db/avisa' } });
    expect(lines[0]).toBe('Avisa at http://localhost:3000   (PostgreSQL at postgres://avisa:***@db/avisa)');
    expect(lines.some((l) => l.startsWith('Password: Xy7-secret'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/\b(Senha|Usuário|Para parar|banco|mostrada)\b/);
  });

  it('without a new admin tells how to recover a password; formats the demo lines in the language', () => {
    expect(bannerLines('pt-BR', { ...facts, admin: null })).toContain(
      'Entre com um usuário já cadastrado. Esqueceu a senha? npm run avisa -- user password admin',
    );
    expect(emptyDatabaseLine('pt-BR', 20_000)).toBe('Banco vazio: gerando o provedor de demonstração (20.000 logins)…');
    expect(demoDoneLine('en', 5400, { clients: 17450, logins: 20000, nas: 15, ftth_boxes: 1557 })).toBe(
      'Demo ISP generated in 5.4 s: 17,450 clients, 20,000 logins, 15 NAS, 1,557 FTTH boxes.',
    );
  });
});
