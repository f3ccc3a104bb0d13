import { describe, expect, it } from 'vitest';
import ptBR from './i18n/pt-BR.json' with { type: 'json' };
import { menu, menuFor } from './menu.js';

const labels = (role: Parameters<typeof menuFor>[0]) =>
  menuFor(role).flatMap((g) => g.sections.flatMap((s) => s.items.map((i) => i.label)));

describe('menu', () => {
  it('places the pages where an IXC user looks for them', () => {
    const pt = (key: string) =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], ptBR) as string;
    const trails = menu.flatMap((g) =>
      g.sections.flatMap((s) => s.items.map((i) => [g.label, ...s.path, i.label].map(pt).join(' › '))),
    );
    expect(trails).toEqual([
      'Suporte › Incidentes',
      'Suporte › Manutenções',
      'Relatórios › Provedor › Conexões › Status logins',
      'Sistema › CRM › Mensagens',
      'Sistema › CRM › Fila de envio',
      'Sistema › CRM › Gatilhos de envio',
      'Sistema › CRM › Descadastros',
      'Sistema › CRM › Consentimentos',
      'Ferramentas › Agenda de tarefas',
      'Configurações › Integrações',
      'Configurações › Logs',
      'Configurações › Envio',
      'Configurações › Incidentes',
      'Configurações › Usuários',
      'Configurações › Importar',
      'Configurações › Webhooks',
      'Minha conta › Meus tokens de API',
    ]);
  });

  it('shows Usuários, Importar and Webhooks to admins only', () => {
    for (const label of ['menu.users', 'imports.menu', 'webhooks.menu'] as const) {
      expect(labels('admin')).toContain(label);
      expect(labels('operator')).not.toContain(label);
      expect(labels('viewer')).not.toContain(label);
    }
    expect(labels('viewer')).toContain('menu.logs');
    expect(labels('viewer')).toContain('queue.menu');
  });
});
