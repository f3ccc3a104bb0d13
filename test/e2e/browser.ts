/**
 * Browser-test harness: a real Avisa server (in-memory PGlite, demo ISP, built UI) and a 1280×800 page of Debian's
 * Chromium (the run's, ./chromium.ts) pointed at it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { type AvisaClient, AvisaApiError, createClient } from '../../src/client/client.js';
import { startTestServer, type TestServer } from '../../src/test-support/server.js';
import { CHROMIUM_PATH } from './chromium.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Browser tests need Debian's Chromium, which the run started (./chromium.ts). On a developer machine without it
 * they are skipped (vitest lists them as skipped); under CI (`CI=true`, where .ci/run installs it) a missing browser
 * fails the run instead.
 */
export const skipBrowserTests = !inject('chromiumEndpoint') && !process.env.CI;

/** A connection of this file's to the run's Chromium (./chromium.ts); closing it closes the file's contexts. */
async function connectChromium(): Promise<Browser> {
  const endpoint = inject('chromiumEndpoint');
  if (!endpoint) throw new Error(`${CHROMIUM_PATH} is missing; install it once with: apt-get install -y chromium`);
  return chromium.connect(endpoint);
}

export interface App {
  server: TestServer;
  page: Page;
  close(): Promise<void>;
}

/** Starts the server and connects to the run's browser side by side; `page` has baseURL = the server. */
export async function openApp(): Promise<App> {
  if (!existsSync(`${repoRoot}dist/web/index.html`)) throw new Error('dist/web is missing: run `npm run build:web` first');
  const [server, browser] = await Promise.all([startTestServer(), connectChromium()]);
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1280, height: 800 },
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  return {
    server,
    page,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Fills the pt-BR login form and submits it. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Usuário', { exact: true }).fill(username);
  await page.getByLabel('Senha', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Entrar', exact: true }).click();
}

/** The CSRF token of the page's session, for API calls made with page.request. */
async function csrfOf(page: Page): Promise<string> {
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  return me.csrfToken;
}

/**
 * Where the browser tests save their screenshots: `test-results/screenshots` (not tracked), or the operator guides'
 * `docs/screenshots` when `AVISA_UPDATE_SCREENSHOTS=1` — a deliberate refresh, reviewed as a diff of images.
 */
export const screenshotDir = `${repoRoot}${process.env.AVISA_UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots'}`;

/**
 * Saves `<screenshotDir>/<name>` of the page as tall as its content (800–1800 px): fullPage would repeat the
 * sticky top bar and menu. The viewport goes back to 1280×800 afterwards.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1280, height: Math.min(Math.max(height, 800), 1800) });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${screenshotDir}/${name}` });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/**
 * The typed API client (`avisa/client`) over the page's own session: the browser's cookie, and the session's CSRF
 * token on state-changing calls. What a test asks the API is then typed by the server's schemas.
 */
export function pageClient(page: Page): AvisaClient {
  let csrf: string | undefined;
  return createClient(async ({ method, path, body }) => {
    const unsafe = method !== 'GET';
    if (unsafe) csrf ??= await csrfOf(page);
    const response = await page.request.fetch(path, {
      method,
      headers: unsafe && csrf ? { 'x-csrf-token': csrf } : {},
      ...(body === undefined ? {} : { data: body }),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok()) {
      const error = (parsed as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
      throw new AvisaApiError(response.status(), error?.code ?? `HTTP_${response.status()}`, error?.message ?? text, error?.field);
    }
    return parsed;
  });
}

/**
 * The Opa! Suite integration (against `opa`, the in-process simulator) and the WhatsApp message the sending tests
 * start from: the simulator's aviso_instabilidade template on its main channel (daily limit 1000), with the
 * client's first name, the bairro and the free field `previsao_retorno`.
 */
export async function opaAvisoMessage(
  avisa: AvisaClient,
  opa: { url: string; token: string },
  drain: { ratePerSecond?: number; maxConcurrency?: number } = {},
): Promise<{ integrationId: number; messageId: number }> {
  const { integration } = await avisa.integrations.create({
    body: { kind: 'opa', description: 'Opa Suporte', config: { url: opa.url, timeoutSeconds: 5 }, secret: opa.token, ...drain },
  });
  const { message } = await avisa.messages.create({
    body: {
      channel: 'whatsapp',
      description: 'Aviso de instabilidade',
      integrationId: integration.id,
      content: {
        opaChannelId: '65a1f0c2b7e4d93a1c0f1a01',
        templateId: '65a1f3d8b7e4d93a1c0f2b01',
        templateText: '',
        variables: [
          { type: 'field', field: 'primeiro_nome' },
          { type: 'field', field: 'bairro' },
          { type: 'free', key: 'previsao_retorno' },
        ],
        freeFields: [{ key: 'previsao_retorno', label: 'Previsão de retorno', required: true }],
      },
    },
  });
  return { integrationId: integration.id, messageId: message.id };
}

export type TaskRun = Awaited<ReturnType<AvisaClient['tasks']['runs']>>['runs'][number];

/** A task run once it ended (polled through the API every 300 ms, for up to a minute). */
export async function waitForRun(avisa: AvisaClient, taskId: number, runId: number): Promise<TaskRun> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { runs } = await avisa.tasks.runs({ params: { id: taskId } });
    const run = runs.find((r) => r.id === runId);
    if ((run && run.status !== 'running') || Date.now() > deadline) {
      if (!run) throw new Error(`task ${taskId} has no run ${runId}`);
      return run;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Executar agora on a task (API), then the run once it ended. */
export async function runTaskNow(avisa: AvisaClient, taskId: number): Promise<TaskRun> {
  const { runId } = await avisa.tasks.run({ params: { id: taskId } });
  return waitForRun(avisa, taskId, runId);
}

/** A phone's digits: how the simulators record recipients. */
export const digits = (phone: string) => phone.replace(/\D/g, '');

/**
 * "Detecta quedas" and a WhatsApp drain, created disabled: an incident test runs each when it wants (Executar agora)
 * instead of waiting for the minute.
 */
export async function incidentTasks(avisa: AvisaClient): Promise<{ detect: () => Promise<TaskRun>; drain: () => Promise<TaskRun> }> {
  const detect = (await avisa.tasks.create({ body: { type: 'detect_outages', description: 'Detecta quedas', enabled: false } })).task.id;
  const drain = (await avisa.tasks.create({ body: { type: 'drain_whatsapp', description: 'Fila WhatsApp', enabled: false, options: { budgetSeconds: 60 } } }))
    .task.id;
  return { detect: () => runTaskNow(avisa, detect), drain: () => runTaskNow(avisa, drain) };
}

/** The FTTH box's incident messages, its rule as it is with `rule` over it. */
export async function setBoxIncidents(
  avisa: AvisaClient,
  messages: { start: number[]; update: number[]; restored: number[] },
  rule: { restoreSeconds?: number; closeAfterSeconds?: number } = {},
): Promise<void> {
  const { rules } = await avisa.incidents.settings({});
  const { kind: _, custom: __, ...current } = rules.find((r) => r.kind === 'box')!;
  await avisa.incidents.saveSettings({ body: { kind: 'box', rule: { ...current, ...rule }, messages } });
}

/** Opens the app's login page and signs in as the test server's admin. */
export async function signInAsAdmin(app: App): Promise<void> {
  await app.page.goto('/login');
  await signIn(app.page, app.server.admin.username, app.server.admin.password);
  await app.page.waitForURL(`${app.server.url}/`);
}

/** The NAS with the most offline logins of the demo ISP. */
export async function topOfflineNas(avisa: AvisaClient): Promise<{ id: number; name: string }> {
  const summary = await avisa.report.summary({ body: { filter: {} } });
  const top = summary.byNas.filter((g) => g.id !== null && g.name).sort((a, b) => b.offline - a.offline)[0];
  return { id: top?.id ?? 0, name: top?.name ?? '' };
}

/** On Status logins' filter form: that NAS (through the picker's search) and Offline, then Filtrar. */
export async function filterNasOffline(page: Page, nasName: string): Promise<void> {
  await page.getByLabel('Concentrador/NAS').click();
  await page.getByRole('searchbox', { name: 'Buscar na lista' }).fill(nasName);
  await page.getByRole('checkbox', { name: nasName, exact: true }).check();
  await page.keyboard.press('Escape');
  await page.getByRole('checkbox', { name: 'Offline', exact: true }).check();
  await page.getByRole('button', { name: 'Filtrar', exact: true }).click();
}
