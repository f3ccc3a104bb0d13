/**
 * A notice (./notice.ts) as text for people, in a language: the one renderer of the screens (src/web/notice.tsx)
 * and of the CSV reports and the CLI (pt-BR), over one catalogue per language. Browser-safe.
 *
 * The parts keep their order everywhere: `subject: text: detail (attempt)`. `detail` is someone else's words and
 * is never translated; the web shows it apart, marked as verbatim.
 */
import { foldForSearch } from './fold.js';
import { type Notice, type NoticeCatalogue, type NoticeCode, noticeCodes } from './notice.js';
import { noticeTextEn } from './notice-text-en.js';
import { noticeTextPtBR } from './notice-text-pt-BR.js';
import type { SkipReason } from './vocabulary.js';

export const noticeCatalogues = { 'pt-BR': noticeTextPtBR, en: noticeTextEn } as const;
export type NoticeLanguage = keyof typeof noticeCatalogues;

/** The catalogue of `language`; pt-BR for any language Avisa does not speak (as the UI falls back). */
function noticeCatalogue(language: string): NoticeCatalogue {
  return language in noticeCatalogues ? noticeCatalogues[language as NoticeLanguage] : noticeTextPtBR;
}

/** `{{name}}` filled from `params`; a param named like one of the catalogue's `values` is shown by its name. */
function interpolate(template: string, params: Readonly<Record<string, unknown>>, catalogue: NoticeCatalogue): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    // Own keys only: a value such as "toString" is not a name the catalogue gives (found by src/db/notice-sql.test.ts).
    const names = Object.hasOwn(catalogue.values, name) ? (catalogue.values as Record<string, Record<string, string>>)[name] : undefined;
    return typeof value === 'string' && names !== undefined && Object.hasOwn(names, value) ? (names[value] as string) : String(value);
  });
}

export interface NoticeParts {
  subject?: string;
  /** Avisa's own words for the code ('' for a `legacy` notice: its detail is all there is). */
  text: string;
  detail?: string;
  attempt?: string;
}

export function noticeParts(notice: Notice, language: string): NoticeParts {
  const catalogue = noticeCatalogue(language);
  const params = (notice.params ?? {}) as Record<string, unknown>;
  const parts: NoticeParts = { text: interpolate(catalogue.codes[notice.code], params, catalogue) };
  if (notice.subject) parts.subject = notice.subject;
  if (notice.detail) parts.detail = notice.detail;
  if (notice.attempt) {
    const template = notice.attempt.retrying ? catalogue.attempt.retrying : catalogue.attempt.gaveUp;
    parts.attempt = interpolate(template, notice.attempt, catalogue);
  }
  return parts;
}

/** The notice as one line: `subject: text: detail (attempt)`. */
export function noticeText(notice: Notice, language: string): string {
  const { subject, text, detail, attempt } = noticeParts(notice, language);
  const said = [text, detail].filter(Boolean).join(': ');
  return `${subject ? `${subject}: ` : ''}${said}${attempt ? ` ${attempt}` : ''}`;
}

/** Several notices (a run that failed for several reasons), one after the other. */
export function noticesText(notices: readonly Notice[], language: string): string {
  return notices.map((n) => noticeText(n, language)).join('; ');
}

export function skipReasonText(reason: SkipReason, language: string): string {
  return noticeCatalogue(language).skipReasons[reason] ?? reason;
}

const searchable = noticeCodes.map((code) => ({
  code,
  texts: [code, ...Object.values(noticeCatalogues).map((c) => c.codes[code].replace(/\{\{\w+\}\}/g, ' '))].map(foldForSearch),
}));

/**
 * The codes whose text, in any language, or whose name contains `term` (accents and case aside): a search of
 * stored notices matches these codes or the verbatim detail, so "tempo esgotado" finds timeouts in either
 * language the operator reads them in.
 */
export function noticeCodesMatching(term: string): NoticeCode[] {
  const folded = foldForSearch(term);
  if (!folded) return [];
  return searchable.filter((s) => s.texts.some((t) => t.includes(folded))).map((s) => s.code);
}
