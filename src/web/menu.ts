/**
 * The side menu, laid out where an IXC Provedor user looks for each feature: group › sub-path › item.
 * Labels are i18n keys; `role` hides an item from users below it (the server enforces it anyway).
 */
import type { Role } from './endpoints.js';

export type AppPath =
  | '/'
  | '/relatorios/status-logins'
  | '/crm/mensagens'
  | '/crm/fila'
  | '/crm/gatilhos'
  | '/crm/descadastros'
  | '/crm/consentimentos'
  | '/incidentes'
  | '/manutencoes'
  | '/configuracoes/incidentes'
  | '/ferramentas/agenda-tarefas'
  | '/configuracoes/integracoes'
  | '/configuracoes/logs'
  | '/configuracoes/usuarios'
  | '/configuracoes/importar'
  | '/configuracoes/webhooks'
  | '/configuracoes/envio'
  | '/conta/tokens';

type MenuKey =
  | 'home'
  | 'reports'
  | 'provider'
  | 'connections'
  | 'statusLogins'
  | 'system'
  | 'crm'
  | 'messages'
  | 'tools'
  | 'taskSchedule'
  | 'settings'
  | 'integrations'
  | 'logs'
  | 'users'
  | 'account'
  | 'tokens'
  | 'support';
/** `menu.*`, or a page's own section for labels added with the page (the Fila's `queue.menu`). */
export type MenuLabel =
  | `menu.${MenuKey}`
  | 'queue.menu'
  | 'triggers.menu'
  | 'imports.menu'
  | 'webhooks.menu'
  | 'sendSettings.menu'
  | 'incidents.menu'
  | 'maintenance.menu'
  | 'optout.menu'
  | 'consents.menu'
  | 'incidents.settingsMenu';

export interface MenuItem {
  to: AppPath;
  label: MenuLabel;
  role?: Role;
}

export interface MenuSection {
  /** Sub-levels between the group and its items, e.g. Provedor › Conexões. */
  path: MenuLabel[];
  items: MenuItem[];
}

export interface MenuGroup {
  label: MenuLabel;
  sections: MenuSection[];
}

export const homeItem: MenuItem = { to: '/', label: 'menu.home' };

export const menu: MenuGroup[] = [
  {
    label: 'menu.support',
    sections: [
      {
        path: [],
        items: [
          { to: '/incidentes', label: 'incidents.menu' },
          { to: '/manutencoes', label: 'maintenance.menu' },
        ],
      },
    ],
  },
  {
    label: 'menu.reports',
    sections: [
      { path: ['menu.provider', 'menu.connections'], items: [{ to: '/relatorios/status-logins', label: 'menu.statusLogins' }] },
    ],
  },
  {
    label: 'menu.system',
    sections: [
      {
        path: ['menu.crm'],
        items: [
          { to: '/crm/mensagens', label: 'menu.messages' },
          { to: '/crm/fila', label: 'queue.menu' },
          { to: '/crm/gatilhos', label: 'triggers.menu' },
          { to: '/crm/descadastros', label: 'optout.menu', role: 'operator' },
          { to: '/crm/consentimentos', label: 'consents.menu', role: 'operator' },
        ],
      },
    ],
  },
  {
    label: 'menu.tools',
    sections: [{ path: [], items: [{ to: '/ferramentas/agenda-tarefas', label: 'menu.taskSchedule' }] }],
  },
  {
    label: 'menu.settings',
    sections: [
      {
        path: [],
        items: [
          { to: '/configuracoes/integracoes', label: 'menu.integrations' },
          { to: '/configuracoes/logs', label: 'menu.logs' },
          { to: '/configuracoes/envio', label: 'sendSettings.menu' },
          { to: '/configuracoes/incidentes', label: 'incidents.settingsMenu' },
          { to: '/configuracoes/usuarios', label: 'menu.users', role: 'admin' },
          { to: '/configuracoes/importar', label: 'imports.menu', role: 'admin' },
          { to: '/configuracoes/webhooks', label: 'webhooks.menu', role: 'admin' },
        ],
      },
    ],
  },
  {
    label: 'menu.account',
    sections: [{ path: [], items: [{ to: '/conta/tokens', label: 'menu.tokens' }] }],
  },
];

const rank: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export function canSee(role: Role, required: Role | undefined): boolean {
  return !required || rank[role] >= rank[required];
}

/** The menu as a user of `role` sees it: forbidden items, and sections or groups left empty, removed. */
export function menuFor(role: Role): MenuGroup[] {
  return menu
    .map((group) => ({
      ...group,
      sections: group.sections
        .map((section) => ({ ...section, items: section.items.filter((item) => canSee(role, item.role)) }))
        .filter((section) => section.items.length > 0),
    }))
    .filter((group) => group.sections.length > 0);
}
