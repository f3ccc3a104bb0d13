import { describe, expect, it } from 'vitest';
import { safeRedirect } from './session.js';

describe('safeRedirect', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeRedirect('/configuracoes/usuarios')).toBe('/configuracoes/usuarios');
    expect(safeRedirect('/relatorios/status-logins?nas=2')).toBe('/relatorios/status-logins?nas=2');
  });

  it('drops other sites, non-strings and the login page itself', () => {
    for (const value of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'relative', '', 42, undefined]) {
      expect(safeRedirect(value)).toBeUndefined();
    }
    expect(safeRedirect('/login')).toBeUndefined();
    expect(safeRedirect('/login?redirect=/x')).toBeUndefined();
  });
});
