/**
 * Every form answers a wrong or empty field with the app's own message in the language chosen in Avisa — never
 * the browser's bubble (which speaks the browser's language): each form is `novalidate`, and submitting it empty
 * shows, under the field, a sentence from the chosen language's catalogue. Run in pt-BR and in en, in a pt-BR
 * browser (so the English run would catch any browser bubble or Portuguese text of the app's own).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp, skipBrowserTests } from './browser.js';

type Language = 'pt-BR' | 'en';
const catalogue = (language: Language) => JSON.parse(readFileSync(new URL(`../../src/web/i18n/${language}.json`, import.meta.url), 'utf8')) as Catalogue;
interface Catalogue {
  [key: string]: string | Catalogue;
}
const strings = (c: Catalogue): string[] => Object.values(c).flatMap((v) => (typeof v === 'string' ? [v] : strings(v)));
/** A catalogue sentence as a pattern: its {{placeholders}} match anything. */
const patterns = (language: Language) =>
  strings(catalogue(language)).map((s) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\\\{\w+\\\}\\\}/g, '.+')}$`));

/** The forms, how to open each and submit it empty (labels come from the catalogue of the language). */
const forms: { name: string; path: string; open?: string[]; submit: string[] }[] = [
  { name: 'users', path: '/configuracoes/usuarios', open: ['users', 'new'], submit: ['users', 'create'] },
  { name: 'tokens', path: '/conta/tokens', submit: ['tokens', 'create'] },
  { name: 'webhooks', path: '/configuracoes/webhooks', open: ['webhooks', 'new'], submit: ['webhooks', 'create'] },
  { name: 'imports', path: '/configuracoes/importar', submit: ['imports', 'submit'] },
  { name: 'integrations', path: '/configuracoes/integracoes', open: ['integrations', 'new'], submit: ['common', 'save'] },
  { name: 'messages', path: '/crm/mensagens', open: ['messages', 'new'], submit: ['common', 'save'] },
  { name: 'tasks', path: '/ferramentas/agenda-tarefas', open: ['tasks', 'new'], submit: ['common', 'save'] },
  { name: 'triggers', path: '/crm/gatilhos', open: ['triggers', 'new'], submit: ['common', 'save'] },
];

const textAt = (c: Catalogue, [section, key]: string[]): string => (c[section!] as Catalogue)[key!] as string;

describe.skipIf(skipBrowserTests).each<Language>(['pt-BR', 'en'])('form validation in %s', (language) => {
  let app: App;
  let page: Page;
  const words = catalogue(language);
  const mine = patterns(language);

  /** The app's messages under the fields after an empty submit: each a sentence of this language's catalogue. */
  const expectOwnMessages = async (form: string) => {
    const errors = page.locator('.field-error');
    await errors.first().waitFor();
    for (const text of await errors.allInnerTexts()) {
      expect(mine.some((p) => p.test(text.trim())), `${form}: "${text}" is not a ${language} sentence of Avisa`).toBe(true);
    }
    expect(await page.locator('form:not([novalidate])').count(), `${form}: a form the browser validates`).toBe(0);
  };

  beforeAll(async () => {
    app = await openApp();
    page = app.page;
    await page.addInitScript((l) => localStorage.setItem('avisa.language', l), language);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('signs in only with both fields, saying so in the language', async () => {
    await page.goto('/login');
    await page.getByRole('button', { name: textAt(words, ['login', 'submit']), exact: true }).click();
    await expectOwnMessages('login');
    expect(await page.locator('#login-username-error').innerText()).toBe(textAt(words, ['validation', 'required']));
    await page.locator('#login-username').fill(app.server.admin.username);
    await page.locator('#login-password').fill(app.server.admin.password);
    await page.locator('#login-password').press('Enter');
    await page.waitForURL(`${app.server.url}/`);
  });

  it.each(forms)('answers an empty $name form with its own messages', async ({ name, path, open, submit }) => {
    await page.goto(path);
    if (open) await page.getByRole('button', { name: textAt(words, open), exact: true }).first().click();
    await page.getByRole('button', { name: textAt(words, submit), exact: true }).first().click();
    await expectOwnMessages(name);
  });
});
