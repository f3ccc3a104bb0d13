import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Notice, type NoticeCode, noticeCodes, noticeParamShapes } from '../shared/notice.js';
import { noticeText } from '../shared/notice-text.js';
import { backends } from '../test-support/databases.js';
import { type Database, queryRows } from './database.js';
import { noticeTextSql } from './notice-sql.js';
import { inlineSql } from './sql-inline.js';

/** Words as they come in notices: accents, quotes, separators, line breaks, something that looks like a formula. */
const words = fc.oneof(
  fc.constantFrom('', 'Número inválido', 'a "quoted" word', 'semi; colon', 'duas\nlinhas', '=SUM(A1)', 'back\\slash', "it's"),
  fc.string({ maxLength: 12 }),
);
const codeValues: Record<string, readonly string[]> = {
  channel: ['whatsapp', 'email', 'sms'],
  provider: ['opa', 'smtp', 'zenvia', 'smsdev', 'cloudapi'],
  security: ['tls', 'starttls', 'none'],
};
const paramValue = (name: string) =>
  fc.oneof(
    codeValues[name] ? fc.constantFrom(...(codeValues[name] as string[]), 'unknown-code') : words,
    fc.integer({ min: -1000, max: 100_000 }),
    fc.integer({ min: -999, max: 999 }).map((n) => n / 4),
    fc.constant(null),
  );

/** A notice of any code, its params sometimes missing one (the text then keeps `{{name}}`), with or without extras. */
function noticeOf(code: NoticeCode): fc.Arbitrary<Notice> {
  const names = Object.keys(noticeParamShapes[code]);
  const params = fc.record(Object.fromEntries(names.map((n) => [n, paramValue(n)])), { requiredKeys: [] });
  return fc.record(
    {
      code: fc.constant(code),
      params,
      detail: words,
      subject: words,
      attempt: fc.record({ number: fc.nat(9), of: fc.nat(9), retrying: fc.boolean() }),
    },
    { requiredKeys: ['code'] },
  ) as fc.Arbitrary<Notice>;
}
const notice = fc.constantFrom(...noticeCodes).chain(noticeOf);

describe.each(backends)('notices rendered by SQL on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());

  const rendered = async (notices: readonly Notice[], language: 'pt-BR' | 'en', inline: boolean) => {
    const statement = sql`select ${noticeTextSql(sql`x.n`, language)} as text
      from jsonb_array_elements(${JSON.stringify(notices)}::jsonb) with ordinality x(n, ord) order by x.ord`;
    const rows = await queryRows<{ text: string }>(database.db, inline ? sql.raw(inlineSql(statement)) : statement);
    return rows.map((r) => r.text);
  };

  it('writes what noticeText writes, for every code, with or without params, subject, detail and attempt', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(notice, { minLength: 60, maxLength: 120 }), fc.boolean(), async (notices, inline) => {
        for (const language of ['pt-BR', 'en'] as const) {
          expect(await rendered(notices, language, inline)).toEqual(notices.map((n) => noticeText(n, language)));
        }
      }),
      { numRuns: 6 },
    );
  });

  it('covers the catalogue: each code at least once', async () => {
    const each = noticeCodes.map((code) => fc.sample(noticeOf(code), { numRuns: 1, seed: 7 })[0] as Notice);
    expect(await rendered(each, 'pt-BR', true)).toEqual(each.map((n) => noticeText(n, 'pt-BR')));
  });
});
