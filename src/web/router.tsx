/** Code-based routes. Everything except /login sits under the `app` layout, which requires a session. */
import type { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { onUnauthorized } from './api.js';
import { keys } from './endpoints.js';
import { Layout } from './components/Layout.js';
import { IncidentBanner } from './incidents/IncidentBanner.js';
import { NotFound } from './components/NotFound.js';
import { HomePage } from './pages/HomePage.js';
import { LoginPage } from './pages/LoginPage.js';
import { StatusLoginsPage } from './pages/StatusLoginsPage.js';
import { TokensPage } from './pages/TokensPage.js';
import { UsersPage } from './pages/UsersPage.js';
import { validateIncidentSearch } from './incidents/api.js';
import { validateLogsSearch } from './logs/api.js';
import { validateQueueSearch } from './queue/search.js';
import { validateReportSearch } from './report/search.js';
import { safeRedirect, sessionQuery } from './session.js';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } => {
    const target = safeRedirect(search.redirect);
    return target ? { redirect: target } : {};
  },
  beforeLoad: async ({ context, search }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (session) throw redirect({ href: search.redirect ?? '/' });
  },
  component: LoginPage,
});

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session) throw redirect({ to: '/login', search: { redirect: safeRedirect(location.href) } });
  },
  component: () => <Layout banner={<IncidentBanner />} />,
});

function page<const TPath extends string>(path: TPath, component: () => ReactNode) {
  return createRoute({ getParentRoute: () => appRoute, path, component });
}

/** The report keeps its whole view (filter, sort, page) in the search params; see report/search.ts. */
const statusLoginsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/relatorios/status-logins',
  validateSearch: validateReportSearch,
  component: StatusLoginsPage,
});

/** Loaded on first visit: Mensagens and Integrações are admin tools, kept out of the main bundle. */
const messagesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/crm/mensagens',
  component: lazyRouteComponent(() => import('./pages/MessagesPage.js'), 'MessagesPage'),
});
const integrationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/configuracoes/integracoes',
  component: lazyRouteComponent(() => import('./pages/IntegrationsPage.js'), 'IntegrationsPage'),
});

/** Sistema › CRM › Fila de envio; `?lote=<id>` opens one batch. */
const queueRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/crm/fila',
  validateSearch: validateQueueSearch,
  component: lazyRouteComponent(() => import('./pages/QueuePage.js'), 'QueuePage'),
});
/** Sistema › CRM › Gatilhos de envio. */
const triggersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/crm/gatilhos',
  component: lazyRouteComponent(() => import('./pages/TriggersPage.js'), 'TriggersPage'),
});
/** Incidentes; `?id=<id>` opens one. */
const incidentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/incidentes',
  validateSearch: validateIncidentSearch,
  component: lazyRouteComponent(() => import('./pages/IncidentsPage.js'), 'IncidentsPage'),
});
/** Suporte › Manutenções: planned windows; `?id=<id>` opens one. */
const maintenanceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/manutencoes',
  validateSearch: validateIncidentSearch,
  component: lazyRouteComponent(() => import('./pages/MaintenancePage.js'), 'MaintenancePage'),
});
/** Configurações › Incidentes: each element kind's rule and messages. */
const incidentSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/configuracoes/incidentes',
  component: lazyRouteComponent(() => import('./pages/IncidentSettingsPage.js'), 'IncidentSettingsPage'),
});
/** Configurações › Logs: `?canal=` picks the tab (Omnichannel by default), `?lote=` filters by batch. */
const logsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/configuracoes/logs',
  validateSearch: validateLogsSearch,
  component: lazyRouteComponent(() => import('./pages/LogsPage.js'), 'LogsPage'),
});

/** Ferramentas › Agenda de tarefas. */
const tasksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/ferramentas/agenda-tarefas',
  component: lazyRouteComponent(() => import('./pages/TaskSchedulePage.js'), 'TaskSchedulePage'),
});

/** Configurações › Importar and › Webhooks (admins). */
const importsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/configuracoes/importar',
  component: lazyRouteComponent(() => import('./pages/ImportsPage.js'), 'ImportsPage'),
});
const sendSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/configuracoes/envio',
  component: lazyRouteComponent(() => import('./pages/SendSettingsPage.js'), 'SendSettingsPage'),
});
const webhooksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/configuracoes/webhooks',
  component: lazyRouteComponent(() => import('./pages/WebhooksPage.js'), 'WebhooksPage'),
});

/** Sistema › CRM › Descadastros: the opt-out list. */
const suppressionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/crm/descadastros',
  component: lazyRouteComponent(() => import('./pages/SuppressionsPage.js'), 'SuppressionsPage'),
});
/** Sistema › CRM › Consentimentos: who agreed to marketing (LGPD). */
const consentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/crm/consentimentos',
  component: lazyRouteComponent(() => import('./pages/ConsentsPage.js'), 'ConsentsPage'),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  appRoute.addChildren([
    page('/', HomePage),
    statusLoginsRoute,
    messagesRoute,
    queueRoute,
    triggersRoute,
    suppressionsRoute,
    consentsRoute,
    incidentsRoute,
    maintenanceRoute,
    incidentSettingsRoute,
    tasksRoute,
    integrationsRoute,
    logsRoute,
    page('/configuracoes/usuarios', UsersPage),
    importsRoute,
    webhooksRoute,
    sendSettingsRoute,
    page('/conta/tokens', TokensPage),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  const router = createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: false,
    scrollRestoration: true,
  });
  // A request answered 401 (session expired or revoked elsewhere): forget the user and ask for a login.
  onUnauthorized(() => {
    queryClient.setQueryData(keys.me, null);
    const here = router.state.location;
    if (here.pathname !== '/login') {
      void router.navigate({ to: '/login', search: { redirect: safeRedirect(here.href) } });
    }
  });
  return router;
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
